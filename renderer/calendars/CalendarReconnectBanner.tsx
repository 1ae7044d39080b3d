/**
 * A strip under the header naming each connected calendar that stopped syncing: its busy time is kept
 * (stale busy time is safer than none) but may be out of date until the stylist reconnects it.
 */
import type { CalendarConnectionStatus } from '../../core/ipc/calendars.ipc';
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
  const problems = calendarProblems(connections, zone, now);
  if (problems.length === 0) return null;
  return (
    <section className="notice" aria-label="Calendar connections" aria-live="polite">
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
