/**
 * Texts main composes for the receptionist — why the desk refuses a change, what a change the API
 * refused tried, main's own errors, desktop notifications — kept as an id of one catalogue per
 * language (desk-texts.en.ts, desk-texts.fa.ts) plus its values, so main can say them in the language
 * the desk is set to, even a problem kept from before the language changed (main/i18n/desk-text.ts).
 * The renderer's own strings are in renderer/i18n/; these are only the ones main makes.
 */
import type { deskTextsEn } from './desk-texts.en';

export type DeskTextId = keyof typeof deskTextsEn;

/** A value of a text: a name or a number as is, or another text (a word said in the same language). */
export type DeskTextValue = string | number | DeskText;

export interface DeskText {
  id: DeskTextId;
  /** Instants are epoch ms, written as `{name, time, hm}` or `{name, date, when}` in the catalogues. */
  values?: Record<string, DeskTextValue>;
  /** The IANA zone the text's times are shown in (the location's); UTC when absent. */
  zone?: string;
}

export const deskText = (
  id: DeskTextId,
  values?: Record<string, DeskTextValue>,
  zone?: string,
): DeskText => ({
  id,
  ...(values ? { values } : {}),
  ...(zone ? { zone } : {}),
});
