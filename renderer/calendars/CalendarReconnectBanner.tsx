/**
 * A strip under the header naming each connected calendar that stopped syncing: its busy time is kept
 * (stale busy time is safer than none) but may be out of date until the stylist reconnects it.
 */
import type { CalendarConnectionStatus } from '../../core/ipc/calendars.ipc';
import { useFormat, useT } from '../i18n/use-t';
import { calendarProblems } from './calendar-problems';

export function CalendarReconnectBanner({
  connections,
  zone,
  now,
}: {
  connections: CalendarConnectionStatus[];
  zone: string;
  now: Date;
}) {
  const t = useT();
  const f = useFormat();
  const problems = calendarProblems(connections, zone, now, t, f);
  if (problems.length === 0) return null;
  return (
    <section className="notice" aria-label={t('calendar.region')} aria-live="polite">
      <span className="notice__icon" aria-hidden="true">
        !
      </span>
      <ul className="notice__list">
        {problems.map((problem) => (
          <li key={problem.id}>{problem.message}</li>
        ))}
      </ul>
    </section>
  );
}
