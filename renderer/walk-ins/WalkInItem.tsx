/**
 * One party in the queue: who, for what, how long they have waited (highlighted once 10 minutes past
 * the estimate, a rule from core), and Call, Start (pick the staff member), No-show, Left.
 */
import { useState } from 'react';
import type { WalkIn } from '../../core/domain/schemas';
import type { WalkInAction } from '../../core/domain/requests';
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import { isWaitOverdue, waitedMinutes } from '../../core/scheduling/desk-glance';
import type { Formats } from '../i18n/format';
import { useT } from '../i18n/use-t';
import type { Translate } from '../i18n/use-t';
import { StaffSelect } from '../lib/StaffSelect';

export const duration = (t: Translate, minutes: number) =>
  minutes < 60
    ? t('time.minutes', { minutes })
    : t('time.hoursMinutes', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });

interface Props {
  walkIn: WalkIn;
  day: DaySchedule;
  now: Date;
  pending: boolean;
  f: Formats;
}

export function WalkInItem({ walkIn: w, day, now, pending, f }: Props) {
  const t = useT();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const zone = day.location.timeZone;
  const service = day.services.find((s) => s.id === w.serviceId);
  const preferred = w.staffId ? day.staff.find((s) => s.id === w.staffId)?.name : null;
  const qualified = day.staff.filter((s) => s.serviceIds.includes(w.serviceId));
  const [staffId, setStaffId] = useState(w.staffId ?? qualified[0]?.id ?? '');
  const waited = waitedMinutes(w, now.getTime());
  const overdue = isWaitOverdue(w, now.getTime());

  const act = async (action: WalkInAction, staff?: string) => {
    const result = await window.bookdesk.walkIns.action({
      id: w.id,
      action,
      ...(staff ? { staffId: staff } : {}),
    });
    setError(result.ok ? null : result.error.message);
    if (result.ok) setStarting(false);
  };

  return (
    <li className={`walkin${overdue ? ' walkin--overdue' : ''}`} aria-label={w.customerName}>
      <span className="walkin__pos" aria-hidden="true">
        {w.position === null ? '–' : f.number(w.position)}
      </span>
      <div className="walkin__main">
        <div className="walkin__name">
          {w.customerName}
          {w.partySize > 1 && <span className="walkin__party"> +{f.number(w.partySize - 1)}</span>}
          {w.status === 'called' && <span className="chip chip--checked_in">{t('queue.called')}</span>}
          {pending && <span className="chip chip--pending">{t('common.pending')}</span>}
        </div>
        <div className="walkin__service">
          {service?.name ?? t('common.service')}
          {preferred ? ` · ${t('queue.with', { name: preferred })}` : ''}
        </div>
        <div className="walkin__meta">
          {t('queue.arrived', { time: f.time(zone, w.arrivedAt) })} ·{' '}
          <span className={overdue ? 'walkin__late' : ''}>
            {t('queue.waited', { wait: duration(t, waited) })}
          </span>
          {overdue && <span className="sr-only"> · {t('queue.overdue')}</span>}
        </div>
      </div>
      <div className="walkin__wait">
        <span className="walkin__waitlabel">{t('queue.estimate')}</span>
        <span className="walkin__waitvalue">
          {w.estimatedWaitMinutes === null
            ? '—'
            : w.estimatedWaitMinutes === 0
              ? t('queue.now')
              : `~${duration(t, w.estimatedWaitMinutes)}`}
        </span>
      </div>
      <div className="walkin__actions">
        {starting ? (
          <>
            <label className="walkin__staff">
              <span className="sr-only">{t('queue.startWith')}</span>
              <StaffSelect autoFocus staff={qualified} value={staffId} onChange={setStaffId} />
            </label>
            <button type="button" className="btn btn--primary" onClick={() => void act('start', staffId)}>
              {t('queue.startService')}
            </button>
            <button type="button" className="btn" onClick={() => setStarting(false)}>
              {t('common.cancel')}
            </button>
          </>
        ) : (
          <>
            {w.status === 'waiting' && (
              <button type="button" className="btn" onClick={() => void act('call')}>
                {t('queue.call')}
              </button>
            )}
            <button type="button" className="btn" onClick={() => setStarting(true)}>
              {t('queue.start')}
            </button>
            <button type="button" className="btn" onClick={() => void act('no_show')}>
              {t('queue.noShow')}
            </button>
            <button type="button" className="btn" onClick={() => void act('leave')}>
              {t('queue.left')}
            </button>
          </>
        )}
      </div>
      {error && (
        <p className="walkin__error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
