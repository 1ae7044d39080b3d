/**
 * One party in the queue: who, for what, how long they have waited (highlighted once 10 minutes past
 * the estimate, a rule from core), and Call, Start (pick the staff member), No-show, Left. The four
 * buttons keep their places whatever the party's state (Call is disabled once called), so the next
 * click never lands on a button that moved; No-show and Left ask first.
 */
import { useRef, useState } from 'react';
import type { WalkIn } from '../../core/domain/schemas';
import type { WalkInAction } from '../../core/domain/requests';
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import { isWaitOverdue, waitedMinutes } from '../../core/scheduling/desk-glance';
import type { Formats } from '../i18n/format';
import { useT } from '../i18n/use-t';
import type { Translate } from '../i18n/use-t';
import { ConfirmDialog } from '../lib/ConfirmDialog';
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
  /** Called as an action that takes the party off the queue (start, no-show, left) is sent. */
  onLeaving(): void;
}

export function WalkInItem({ walkIn: w, day, now, pending, f, onLeaving }: Props) {
  const t = useT();
  const [starting, setStarting] = useState<{ id: string; name: string }[] | null>(null);
  const [staffId, setStaffId] = useState('');
  const [confirming, setConfirming] = useState<'no_show' | 'leave' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const zone = day.location.timeZone;
  const service = day.services.find((s) => s.id === w.serviceId);
  const preferred = w.staffId ? day.staff.find((s) => s.id === w.staffId)?.name : null;
  const waited = waitedMinutes(w, now.getTime());
  const overdue = isWaitOverdue(w, now.getTime());
  const arrived = f.time(zone, w.arrivedAt);

  const act = async (action: WalkInAction, staff?: string) => {
    if (action !== 'call') onLeaving();
    const result = await window.bookdesk.walkIns.action({
      id: w.id,
      action,
      ...(staff ? { staffId: staff } : {}),
    });
    setError(result.ok ? null : result.error.message);
    if (!result.ok) return;
    setStarting(null);
    // Call disables its own button: the next step, Start, has the keyboard.
    if (action === 'call') startButton.current?.focus();
  };
  // Main says who can start the party now (core's working-time rule over the cached day, time off
  // included), the one the wait estimate names first.
  const openStart = async () => {
    const result = await window.bookdesk.walkIns.startable({ id: w.id, date: day.date });
    if (!result.ok) return setError(result.error.message);
    const able = result.value.staffIds.flatMap((id) => day.staff.filter((s) => s.id === id));
    setStaffId(able[0]?.id ?? '');
    setStarting(able);
  };
  const closeStart = () => {
    setStarting(null);
    // The Start button is drawn again as the picker goes: give it the keyboard once it is back.
    requestAnimationFrame(() => startButton.current?.focus());
  };

  return (
    <li
      className={`walkin${overdue ? ' walkin--overdue' : ''}`}
      aria-label={w.customerName}
      tabIndex={-1}
      data-walkin-id={w.id}
    >
      <span className="walkin__pos" aria-hidden="true">
        {w.position === null ? '–' : f.number(w.position)}
      </span>
      <div className="walkin__main">
        <div className="walkin__name">
          {w.customerName}
          {w.partySize > 1 && <span className="walkin__party"> +{f.number(w.partySize - 1)}</span>}
          {pending && <span className="chip chip--pending">{t('common.pending')}</span>}
        </div>
        <div className="walkin__service">
          {service?.name ?? t('common.service')}
          {preferred ? ` · ${t('queue.with', { name: preferred })}` : ''}
        </div>
        <div className="walkin__meta">
          {t('queue.arrived', { time: arrived })} ·{' '}
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
        {w.status === 'called' && <span className="chip chip--checked_in">{t('queue.called')}</span>}
      </div>
      <div className="walkin__actions">
        {starting ? (
          <>
            {starting.length > 0 ? (
              <label className="walkin__staff">
                <span className="sr-only">{t('queue.startWith')}</span>
                <StaffSelect autoFocus staff={starting} value={staffId} onChange={setStaffId} />
              </label>
            ) : (
              <p className="walkin__none">{t('queue.noStaffNow')}</p>
            )}
            <button
              type="button"
              className="btn btn--primary"
              disabled={!staffId}
              onClick={() => void act('start', staffId)}
            >
              {t('queue.startService')}
            </button>
            <button type="button" className="btn" onClick={closeStart} autoFocus={starting.length === 0}>
              {t('common.cancel')}
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className="btn"
              disabled={w.status !== 'waiting'}
              onClick={() => void act('call')}
            >
              {t('queue.call')}
            </button>
            <button ref={startButton} type="button" className="btn" onClick={() => void openStart()}>
              {t('queue.start')}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming('no_show')}>
              {t('queue.noShow')}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming('leave')}>
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
      {confirming && (
        <ConfirmDialog
          question={t(confirming === 'no_show' ? 'confirm.walkInNoShow' : 'confirm.walkInLeft', {
            name: w.customerName,
            time: arrived,
          })}
          action={t(confirming === 'no_show' ? 'confirm.noShowAction' : 'confirm.walkInLeftAction')}
          onClose={() => setConfirming(null)}
          onConfirm={() => {
            setConfirming(null);
            void act(confirming);
          }}
        />
      )}
    </li>
  );
}
