/**
 * The message catalogues in force: English or Persian, as the desk's settings say. Sets the page's
 * language and direction, so Persian lays out right to left.
 */
import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { IntlProvider } from 'react-intl';
import type { Language } from '../../core/ipc/settings.ipc';
import { compiledEn, compiledFa } from './compiled-messages';

/** The Intl locale of each language; Persian dates use the solar hijri calendar. */
export const LOCALE: Record<Language, string> = { en: 'en-GB', fa: 'fa-IR' };
/** Parsed at build time (scripts/compile-messages.ts): nothing is parsed while the desk starts. */
const CATALOGUES = { en: compiledEn, fa: compiledFa } satisfies Record<Language, unknown>;

export function I18n({ language, children }: { language: Language; children: ReactNode }) {
  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dir = language === 'fa' ? 'rtl' : 'ltr';
  }, [language]);
  return (
    <IntlProvider locale={LOCALE[language]} defaultLocale="en-GB" messages={CATALOGUES[language]}>
      {children}
    </IntlProvider>
  );
}
