import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import { useFormat, useT } from '../i18n/use-t';
import { WalkInItem } from './WalkInItem';

/** The queue in order: waits tick live with the desk's clock; each party has its actions. */
export function WalkInQueue({ day, now }: { day: DaySchedule | null; now: Date }) {
  const t = useT();
  const f = useFormat();
  const queue = day?.walkIns ?? [];
  return (
    <section className="panel queue" aria-label={t('queue.title')}>
      <div className="queue__head">
        <h2>{t('queue.title')}</h2>
        <span className="queue__count">{t('queue.count', { count: queue.length })}</span>
      </div>
      {queue.length === 0 || !day ? (
        <p className="queue__empty">{t('queue.empty')}</p>
      ) : (
        <ol className="queue__list">
          {queue.map((w) => (
            <WalkInItem
              key={w.id}
              walkIn={w}
              day={day}
              now={now}
              pending={day.pending.includes(w.id)}
              f={f}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
