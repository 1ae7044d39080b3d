/**
 * Says a {@link DeskText} in a language: the catalogue of that language (core/i18n/), ICU syntax
 * through intl-messageformat (the library react-intl formats the renderer's catalogues with), and
 * Intl for numbers, times and dates: Persian gets Persian digits and the solar hijri calendar.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { DeskText } from '../../core/i18n/desk-texts';
import { deskTextsEn } from '../../core/i18n/desk-texts.en';
import { deskTextsFa } from '../../core/i18n/desk-texts.fa';
import type { Language } from '../../core/ipc/settings.ipc';

const CATALOGUES: Record<Language, Record<DeskText['id'], string>> = { en: deskTextsEn, fa: deskTextsFa };
/** As the renderer's (renderer/i18n/): 24-hour times; Persian dates in the solar hijri calendar. */
const LOCALES: Record<Language, string> = { en: 'en-GB', fa: 'fa-IR-u-ca-persian' };

const formats = new Map<string, IntlMessageFormat>();

function formatOf(language: Language, id: DeskText['id'], zone: string): IntlMessageFormat {
  const key = `${language} ${id} ${zone}`;
  let found = formats.get(key);
  if (!found) {
    found = new IntlMessageFormat(CATALOGUES[language][id], LOCALES[language], {
      time: { hm: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone } },
      date: { when: { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23', timeZone: zone } },
    });
    formats.set(key, found);
  }
  return found;
}

/** `text` in `language`; a value that is itself a text is said in the same language. */
export function sayDeskText(language: Language, text: DeskText): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.values ?? {}))
    values[name] = typeof value === 'object' ? sayDeskText(language, value) : value;
  return String(formatOf(language, text.id, text.zone ?? 'UTC').format(values));
}
