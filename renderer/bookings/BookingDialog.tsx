/**
 * "New booking" (shortcut B, or a click on empty time): service, staff or "Anyone", date, a free time
 * from `availability:slots`, the customer, the business's custom fields and notes. A time that is not
 * free is said before saving; offline, that the booking will be confirmed when the line is back; a
 * refusal is shown with its reason.
 */
import { useId, useState } from 'react';
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import { useFormat, useT } from '../i18n/use-t';
import { DateField } from '../lib/DateField';
import { Field } from '../lib/Field';
import { FormDialog, useDialogSubmit } from '../lib/FormDialog';
import { StaffSelect } from '../lib/StaffSelect';
import { CustomerPicker } from './CustomerPicker';
import { CustomFieldInputs } from './CustomFieldInputs';
import { TimeSelect } from './TimeSelect';
import type { BookingPrefill } from './use-booking-form';
import { customerMissing, useBookingForm } from './use-booking-form';

interface Props {
  day: DaySchedule;
  prefill: BookingPrefill;
  online: boolean;
  onClose(): void;
}

export function BookingDialog({ day, prefill, online, onClose }: Props) {
  const t = useT();
  const f = useFormat();
  const form = useBookingForm(day, prefill);
  const [tried, setTried] = useState(false);
  const { error, saving, send } = useDialogSubmit(onClose);
  const { customer } = form;
  const customerErrorId = useId();
  const needCustomer = tried && customerMissing(customer);
  const staffName = day.staff.find((s) => s.id === form.staffId)?.name ?? t('common.anyone');

  const submit = () => {
    setTried(true);
    if (form.fieldErrors.size > 0 || !form.start || customerMissing(customer)) return;
    const fields = Object.fromEntries(Object.entries(form.values).filter(([, v]) => v !== ''));
    void send(() =>
      window.bookdesk.bookings.create({
        serviceId: form.serviceId,
        ...(form.staffId ? { staffId: form.staffId } : {}),
        start: form.start,
        source: 'desk',
        ...(customer.kind === 'existing' ? { customerId: customer.id } : {}),
        ...(customer.kind === 'new'
          ? {
              customer: {
                name: customer.name.trim(),
                ...(customer.phone.trim() ? { phone: customer.phone.trim() } : {}),
              },
            }
          : {}),
        ...(Object.keys(fields).length ? { fields } : {}),
        ...(form.notes.trim() ? { notes: form.notes.trim() } : {}),
      }),
    );
  };

  return (
    <FormDialog
      title={t('booking.title')}
      submitLabel={t('booking.save')}
      onSubmit={submit}
      onClose={onClose}
      saving={saving}
      error={error && t('booking.refused', { reason: error })}
      wide
      noValidate
    >
      <Field label={t('walkIn.service')}>
        <select autoFocus value={form.serviceId} onChange={(e) => form.setServiceId(e.target.value)}>
          {day.services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} · {t('time.minutes', { minutes: s.durationMinutes })}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('booking.staff')}>
        <StaffSelect anyone staff={form.staff} value={form.staffId} onChange={form.setStaffId} />
      </Field>
      <DateField label={t('booking.date')} required value={form.date} onChange={form.setDate} />
      <Field label={t('booking.time')}>
        <TimeSelect prompt zone={form.zone} slots={form.slots} value={form.start} onChange={form.setStart} />
      </Field>
      {!form.startFree && (
        <p className="form__warn form__wide" role="alert">
          {t('booking.notFree', { time: f.time(form.zone, form.start), staff: staffName })}
        </p>
      )}
      <div className="field form__wide">
        <span className="field__label">{t('booking.customer')}</span>
        <CustomerPicker
          value={customer}
          onChange={form.setCustomer}
          errorId={needCustomer ? customerErrorId : undefined}
        />
        {needCustomer && (
          <p id={customerErrorId} className="form__error" role="alert">
            {t('booking.needCustomer')}
          </p>
        )}
      </div>
      <CustomFieldInputs
        fields={form.fields}
        values={form.values}
        errors={form.fieldErrors}
        showErrors={tried}
        onChange={form.setValue}
      />
      <Field label={t('booking.notes')} wide>
        <textarea rows={2} value={form.notes} onChange={(e) => form.setNotes(e.target.value)} />
      </Field>
      {!online && (
        <p className="form__note form__wide" role="note">
          {t('booking.offline')}
        </p>
      )}
      {tried && !form.start && (
        <p className="form__error form__wide" role="alert">
          {t('booking.needTime')}
        </p>
      )}
    </FormDialog>
  );
}
