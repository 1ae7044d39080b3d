/** `t(id, values)`: a message of the catalogue in force, and the formats of its language. */
import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import type { PrimitiveType } from 'react-intl';
import type { MessageId } from './messages.en';
import { formatsFor } from './format';

export type Translate = (id: MessageId, values?: Record<string, PrimitiveType>) => string;

export function useT(): Translate {
  const intl = useIntl();
  return useMemo<Translate>(() => (id, values) => intl.formatMessage({ id }, values), [intl]);
}

/** Dates, times and digits in the language in force (Persian: solar hijri calendar, Persian digits). */
export function useFormat() {
  const { locale } = useIntl();
  return useMemo(() => formatsFor(locale), [locale]);
}
