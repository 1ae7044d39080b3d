/**
 * How the desk compares what a receptionist types with customers' names, phones and e-mails: case,
 * accents, punctuation and the Arabic/Persian letter variants a keyboard may produce (ي/ی, ك/ک, أ/ا,
 * Persian and Arabic-Indic digits, the zero-width non-joiner inside Persian names) do not matter.
 */

/** Letters that differ between Arabic and Persian keyboards but name the same sound. */
const LETTER_VARIANTS: Record<string, string> = {
  '\u064A': '\u06CC', // ي Arabic yeh -> ی Persian yeh
  '\u0649': '\u06CC', // ى alef maksura -> ی
  '\u0643': '\u06A9', // ك Arabic kaf -> ک keheh
  '\u0629': '\u0647', // ة teh marbuta -> ه
  '\u06D5': '\u0647', // ە (what ۀ leaves once its hamza is gone) -> ه
};
const VARIANT_PATTERN = new RegExp(`[${Object.keys(LETTER_VARIANTS).join('')}]`, 'g');

/** Persian (۰–۹) and Arabic-Indic (٠–٩) digits as ASCII. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => String((d.charCodeAt(0) - 0x0660) % 0x90));
}

/**
 * A name as compared: lower case, accents and Arabic diacritics (and hamza/madda marks) removed,
 * letter variants unified, punctuation dropped, zero-width joiners and runs of spaces as one space.
 */
export function foldName(text: string): string {
  return asciiDigits(text)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\u0640/g, '') // tatweel, a stretching stroke
    .replace(VARIANT_PATTERN, (c) => LETTER_VARIANTS[c]!)
    .toLowerCase()
    .replace(/[\u200C\u200D]/g, ' ')
    .replace(/[\p{P}\p{S}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** An e-mail address as compared. */
export const foldEmail = (text: string): string => text.normalize('NFKC').toLowerCase().trim();

/** The digits of a phone number (any script). */
export const phoneDigits = (text: string): string => asciiDigits(text).replace(/\D/g, '');

/** Whether `query` reads as (part of) a phone number: digits and phone punctuation only, 3+ digits. */
export const looksLikePhone = (query: string): boolean =>
  /^[\d\u06F0-\u06F9\u0660-\u0669+\-() .]+$/.test(query) && phoneDigits(query).length >= 3;
