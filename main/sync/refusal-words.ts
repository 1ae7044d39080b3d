/**
 * The API's refusal of a pushed change in a sentence for the problems list, in the desk's language
 * where the desk knows the refusal: a taken slot, a status move no longer possible, a time outside
 * working hours. An unknown refusal keeps the API's own words (title and detail).
 */
import { deskText } from '../../core/i18n/desk-texts';
import type { DeskText } from '../../core/i18n/desk-texts';

/** The problem+json fields a push result carries. */
export interface RefusalProblem {
  type?: string;
  title?: string;
  detail?: string;
}

/**
 * Validation refusals of a known field, by the API's detail ("body.start: outside working hours",
 * server/bookings/booking-placement.ts): said in words rather than as the field's path.
 */
const KNOWN_INVALID: [RegExp, (match: RegExpExecArray) => DeskText][] = [
  [/^body\.start: outside working hours$/, () => deskText('problem.outsideHours')],
  [
    /^body\.start: bookings need (\d+) minutes' notice$/,
    (m) => deskText('problem.tooSoon', { minutes: Number(m[1]) }),
  ],
  [
    /^body\.start: bookings open at most (\d+) days ahead$/,
    (m) => deskText('problem.tooFarAhead', { days: Number(m[1]) }),
  ],
];

export function refusalWords(problem: RefusalProblem | undefined): DeskText | string {
  const type = problem?.type ?? '';
  const detail = problem?.detail?.trim();
  if (type.endsWith('/slot-taken'))
    return detail
      ? deskText('problem.serverSlotTaken', { detail })
      : deskText('problem.serverSlotTakenFirst');
  if (type.endsWith('/invalid-transition'))
    return detail
      ? deskText('problem.serverNotPossible', { detail })
      : deskText('problem.serverNotPossibleBare');
  if (type.endsWith('/already-exists')) return deskText('problem.serverExists');
  if (type.endsWith('/validation') && detail) {
    for (const [pattern, words] of KNOWN_INVALID) {
      const match = pattern.exec(detail);
      if (match) return words(match);
    }
  }
  return [problem?.title, detail].filter(Boolean).join(': ') || deskText('problem.serverRefused');
}
