/**
 * "Move booking" (the keyboard way to move; dragging does the same) and "Edit booking" (also notes):
 * another staff member, date or free time for the booking's service.
 */
import { useState } from 'react';
import type { DaySchedule, ScheduleBooking } from '../../core/ipc/schedule.ipc';
import { useT } from '../i18n/use-t';
import { DateField } from '../lib/DateField';
import { Field } from '../lib/Field';
import { FormDialog, useDialogSubmit } from '../lib/FormDialog';
import { StaffSelect } from '../lib/StaffSelect';
import { dateIn } from '../lib/time';
import { TimeSelect } from './TimeSelect';
import { useFreeSlots } from './use-free-slots';

interface Props {
  day: DaySchedule;
  booking: ScheduleBooking;
  mode: 'move' | 'edit';
  onClose(): void;
}

export function MoveDialog({ day, booking, mode, onClose }: Props) {
  const t = useT();
  const zone = day.location.timeZone;
  const [staffId, setStaffId] = useState(booking.staffId);
  const [date, setDate] = useState(dateIn(zone, new Date(booking.start)));
  const [start, setStart] = useState(booking.start);
  const [notes, setNotes] = useState(booking.notes ?? '');
  const { error, saving, send } = useDialogSubmit(onClose);
  const staff = day.staff.filter((s) => s.serviceIds.includes(booking.serviceId));
  const slots = useFreeSlots({
    serviceId: booking.serviceId,
    staffId,
    date,
    zone,
    movingBookingId: booking.id,
  });

  const submit = () =>
    void send(() =>
      window.bookdesk.bookings.update({
        id: booking.id,
        ...(Date.parse(start) !== Date.parse(booking.start) ? { start } : {}),
        ...(staffId !== booking.staffId ? { staffId } : {}),
        ...(mode === 'edit' && notes !== (booking.notes ?? '') ? { notes: notes || null } : {}),
      }),
    );

  return (
    <FormDialog
      title={t(mode === 'move' ? 'move.title' : 'edit.title', {
        name: booking.customerName ?? t('common.walkIn'),
      })}
      submitLabel={t(mode === 'move' ? 'move.save' : 'edit.save')}
      onSubmit={submit}
      onClose={onClose}
      saving={saving}
      error={error && t('booking.refused', { reason: error })}
    >
      <Field label={t('booking.staff')}>
        <StaffSelect autoFocus staff={staff} value={staffId} onChange={setStaffId} />
      </Field>
      <DateField label={t('booking.date')} value={date} onChange={setDate} />
      <Field label={t('booking.time')}>
        <TimeSelect zone={zone} slots={slots} value={start} onChange={setStart} />
      </Field>
      {mode === 'edit' && (
        <Field label={t('booking.notes')}>
          <textarea rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </Field>
      )}
    </FormDialog>
  );
}
