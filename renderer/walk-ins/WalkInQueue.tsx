import { useRef } from 'react';
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import { useFormat, useT } from '../i18n/use-t';
import { holdFocus } from '../lib/hold-focus';
import { WalkInItem } from './WalkInItem';

/**
 * The queue in order: waits tick live with the desk's clock; each party has its actions. The keyboard
 * stays in the queue: when the party acted on leaves it, the one now in its place has the keyboard.
 */
export function WalkInQueue({ day, now }: { day: DaySchedule | null; now: Date }) {
  const t = useT();
  const f = useFormat();
  const queue = day?.walkIns ?? [];
  const list = useRef<HTMLOListElement>(null);
  const section = useRef<HTMLElement>(null);
  // The party acted on is about to leave the queue: the one taking its place gets the keyboard.
  const leaving = (index: number) =>
    holdFocus(() => {
      const items = list.current?.children;
      return (items?.[Math.min(index, items.length - 1)] as HTMLElement | undefined) ?? section.current;
    });

  return (
    <section ref={section} className="panel queue" aria-label={t('queue.title')} tabIndex={-1}>
      <div className="queue__head">
        <h2>{t('queue.title')}</h2>
        <span className="queue__count">{t('queue.count', { count: queue.length })}</span>
      </div>
      {queue.length === 0 || !day ? (
        <p className="queue__empty">{t('queue.empty')}</p>
      ) : (
        <ol ref={list} className="queue__list">
          {queue.map((w, index) => (
            <WalkInItem
              key={w.id}
              walkIn={w}
              day={day}
              now={now}
              pending={day.pending.includes(w.id)}
              f={f}
              onLeaving={() => leaving(index)}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
