import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import { formatWait, timeIn } from '../lib/time';

export function WalkInQueue({ day, now }: { day: DaySchedule | null; now: Date }) {
  const queue = day?.walkIns ?? [];
  const services = new Map(day?.services.map((s) => [s.id, s]) ?? []);
  const staff = new Map(day?.staff.map((s) => [s.id, s]) ?? []);
  const zone = day?.location.timeZone ?? 'UTC';
  return (
    <section className="panel queue" aria-label="Walk-in queue">
      <div className="queue__head">
        <h2>Walk-in queue</h2>
        <span className="queue__count">{queue.length} waiting</span>
      </div>
      {queue.length === 0 ? (
        <p className="queue__empty">No one is waiting.</p>
      ) : (
        <ol className="queue__list">
          {queue.map((w) => {
            const waited = Math.max(0, Math.round((now.getTime() - Date.parse(w.arrivedAt)) / 60_000));
            const preferred = w.staffId ? staff.get(w.staffId)?.name : null;
            return (
              <li
                key={w.id}
                className="walkin"
                aria-label={`Position ${w.position ?? '–'}: ${w.customerName}`}
              >
                <span className="walkin__pos">{w.position ?? '–'}</span>
                <div className="walkin__main">
                  <div className="walkin__name">
                    {w.customerName}
                    {w.partySize > 1 && <span className="walkin__party"> +{w.partySize - 1}</span>}
                  </div>
                  <div className="walkin__service">
                    {services.get(w.serviceId)?.name ?? 'Service'}
                    {preferred ? ` · with ${preferred}` : ''}
                  </div>
                  <div className="walkin__meta">
                    Arrived {timeIn(zone, w.arrivedAt)} · waiting {formatWait(waited).replace('now', '0 min')}
                  </div>
                </div>
                <div className="walkin__wait">
                  <span className="walkin__waitlabel">Est. wait</span>
                  <span className="walkin__waitvalue">
                    {w.estimatedWaitMinutes === null
                      ? '—'
                      : w.estimatedWaitMinutes === 0
                        ? 'Now'
                        : `~${formatWait(w.estimatedWaitMinutes)}`}
                  </span>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
