/**
 * "Move booking" (the keyboard way to move; dragging does the same) and "Edit booking" (also notes):
 * another staff member, date or free time for the booking's service.
 */
import type { FormEvent } from 'react';
import { useEffect, useState } from 'react';
import type { AvailableSlots } from '../../core/ipc/bookings.ipc';
import type { DaySchedule, ScheduleBooking } from '../../core/ipc/schedule.ipc';
import { useFormat, useT } from '../i18n/use-t';
import { addDays, dateIn } from '../lib/time';
import { Modal } from '../lib/Modal';

interface Props {
  day: DaySchedule;
  booking: ScheduleBooking;
  mode: 'move' | 'edit';
  onClose(): void;
}

export function MoveDialog({ day, booking, mode, onClose }: Props) {
  const t = useT();
  const f = useFormat();
  const zone = day.location.timeZone;
  const [staffId, setStaffId] = useState(booking.staffId);
  const [date, setDate] = useState(dateIn(zone, new Date(booking.start)));
  const [start, setStart] = useState(booking.start);
  const [notes, setNotes] = useState(booking.notes ?? '');
  const [slots, setSlots] = useState<AvailableSlots['slots']>([]);
  const [error, setError] = useState<string | null>(null);
  const staff = day.staff.filter((s) => s.serviceIds.includes(booking.serviceId));

  useEffect(() => {
    let current = true;
    void window.bookdesk.availability
      .slots({
        serviceId: booking.serviceId,
        staffId,
        movingBookingId: booking.id,
        from: `${addDays(date, -1)}T12:00:00Z`,
        to: `${addDays(date, 1)}T12:00:00Z`,
      })
      .then((result) => {
        if (current)
          setSlots(
            result.ok ? result.value.slots.filter((s) => dateIn(zone, new Date(s.start)) === date) : [],
          );
      });
    return () => {
      current = false;
    };
  }, [booking.serviceId, booking.id, staffId, date, zone]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await window.bookdesk.bookings.update({
      id: booking.id,
      ...(Date.parse(start) !== Date.parse(booking.start) ? { start } : {}),
      ...(staffId !== booking.staffId ? { staffId } : {}),
      ...(mode === 'edit' && notes !== (booking.notes ?? '') ? { notes: notes || null } : {}),
    });
    if (result.ok) onClose();
    else setError(result.error.message);
  };
  const listed = slots.some((s) => s.start === start);

  return (
    <Modal
      title={t(mode === 'move' ? 'move.title' : 'edit.title', {
        name: booking.customerName ?? t('common.walkIn'),
      })}
      onClose={onClose}
    >
      <form className="form" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span className="field__label">{t('booking.staff')}</span>
          <select autoFocus value={staffId} onChange={(e) => setStaffId(e.target.value)}>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('booking.date')}</span>
          <input type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">{t('booking.time')}</span>
          <select value={start} onChange={(e) => setStart(e.target.value)}>
            {!listed && <option value={start}>{f.time(zone, start)}</option>}
            {slots.map((s) => (
              <option key={s.start} value={s.start}>
                {f.time(zone, s.start)}
              </option>
            ))}
          </select>
        </label>
        {mode === 'edit' && (
          <label className="field">
            <span className="field__label">{t('booking.notes')}</span>
            <textarea rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
          </label>
        )}
        {error && (
          <p className="form__error" role="alert">
            {t('booking.refused', { reason: error })}
          </p>
        )}
        <div className="form__actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn--primary">
            {t(mode === 'move' ? 'move.save' : 'edit.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
