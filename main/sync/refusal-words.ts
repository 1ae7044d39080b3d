/**
 * The API's refusal of a pushed change in a sentence for the problems list, in the desk's language
 * where the desk knows the refusal: a taken slot, a status move no longer possible, a time outside
 * working hours. An unknown refusal keeps the API's own words (title and detail).
 */
import { deskText } from '../../core/i18n/desk-texts';
import type { DeskText } from '../../core/i18n/desk-texts';

/** One invalid field of a validation refusal: its path in the request and what is wrong with it. */
export interface RefusalFieldError {
  path: string;
  message: string;
}

/** The problem+json fields a push result carries (server/http/problem.ts). */
export interface RefusalProblem {
  type?: string;
  title?: string;
  detail?: string;
  errors?: RefusalFieldError[];
}

/**
 * Validation refusals of a known field, by the field's path and message ({path: "body.start",
 * message: "outside working hours"}, server/bookings/booking-placement.ts): said in words rather
 * than as the field's path.
 */
const KNOWN_INVALID: [path: string, message: RegExp, words: (match: RegExpExecArray) => DeskText][] = [
  ['body.start', /^outside working hours$/, () => deskText('problem.outsideHours')],
  [
    'body.start',
    /^bookings need (\d+) minutes' notice$/,
    (m) => deskText('problem.tooSoon', { minutes: Number(m[1]) }),
  ],
  [
    'body.start',
    /^bookings open at most (\d+) days ahead$/,
    (m) => deskText('problem.tooFarAhead', { days: Number(m[1]) }),
  ],
];

/**
 * The refusal's invalid fields: its `errors`, the API's structured answer, where it carries them; else
 * read from its detail ("body.start: outside working hours"), whose wording may change.
 */
function invalidFields(problem: RefusalProblem, detail: string | undefined): RefusalFieldError[] {
  if (problem.errors?.length) return problem.errors;
  const parsed = detail && /^(body(?:\.\w+)+): (.+)$/.exec(detail);
  return parsed ? [{ path: parsed[1]!, message: parsed[2]! }] : [];
}

/** The desk's words for the first invalid field it knows, or null. */
function knownInvalidWords(fields: RefusalFieldError[]): DeskText | null {
  for (const field of fields) {
    for (const [path, message, words] of KNOWN_INVALID) {
      const match = field.path === path ? message.exec(field.message.trim()) : null;
      if (match) return words(match);
    }
  }
  return null;
}

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
  if (problem && type.endsWith('/validation')) {
    const words = knownInvalidWords(invalidFields(problem, detail));
    if (words) return words;
  }
  return [problem?.title, detail].filter(Boolean).join(': ') || deskText('problem.serverRefused');
}
