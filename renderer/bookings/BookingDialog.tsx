/**
 * "New booking" (shortcut B, or a click on empty time): service, staff or "Anyone", date, a free time
 * from `availability:slots`, the customer, the business's custom fields and notes. A time that is not
 * free is said before saving; offline, that the booking will be confirmed when the line is back; a
 * refusal is shown with its reason.
 */
import type { FormEvent } from 'react';
import { useState } from 'react';
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import { useFormat, useT } from '../i18n/use-t';
import { Modal } from '../lib/Modal';
import { CustomerPicker } from './CustomerPicker';
import { CustomFieldInputs } from './CustomFieldInputs';
import type { BookingPrefill } from './use-booking-form';
import { useBookingForm } from './use-booking-form';

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
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const { customer } = form;
  const staffName = day.staff.find((s) => s.id === form.staffId)?.name ?? t('common.anyone');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (form.fieldErrors.size > 0 || !form.start || saving) return;
    if (customer.kind === 'new' && !customer.name.trim()) return;
    setSaving(true);
    const fields = Object.fromEntries(Object.entries(form.values).filter(([, v]) => v !== ''));
    const result = await window.bookdesk.bookings.create({
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
    });
    setSaving(false);
    if (result.ok) onClose();
    else setError(result.error.message);
  };

  const slotOptions = form.slots ?? [];
  const listed = slotOptions.some((s) => s.start === form.start);

  return (
    <Modal title={t('booking.title')} onClose={onClose} className="modal--wide">
      <form className="form form--grid" onSubmit={(event) => void submit(event)} noValidate>
        <label className="field">
          <span className="field__label">{t('walkIn.service')}</span>
          <select autoFocus value={form.serviceId} onChange={(e) => form.setServiceId(e.target.value)}>
            {day.services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} · {t('time.minutes', { minutes: s.durationMinutes })}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('booking.staff')}</span>
          <select value={form.staffId} onChange={(e) => form.setStaffId(e.target.value)}>
            <option value="">{t('common.anyone')}</option>
            {form.staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('booking.date')}</span>
          <input
            type="date"
            required
            value={form.date}
            onChange={(e) => e.target.value && form.setDate(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">{t('booking.time')}</span>
          <select
            required
            value={form.start}
            onChange={(e) => form.setStart(e.target.value)}
            aria-busy={form.slots === null}
          >
            <option value="">
              {form.slots === null
                ? t('booking.loadingTimes')
                : t('booking.pickTime', { count: slotOptions.length })}
            </option>
            {form.start && !listed && <option value={form.start}>{f.time(form.zone, form.start)}</option>}
            {slotOptions.map((s) => (
              <option key={s.start} value={s.start}>
                {f.time(form.zone, s.start)}
              </option>
            ))}
          </select>
        </label>
        {!form.startFree && (
          <p className="form__warn form__wide" role="alert">
            {t('booking.notFree', { time: f.time(form.zone, form.start), staff: staffName })}
          </p>
        )}
        <div className="field form__wide">
          <span className="field__label">{t('booking.customer')}</span>
          <CustomerPicker value={customer} onChange={form.setCustomer} />
        </div>
        <CustomFieldInputs
          fields={form.fields}
          values={form.values}
          errors={form.fieldErrors}
          showErrors={tried}
          onChange={form.setValue}
        />
        <label className="field form__wide">
          <span className="field__label">{t('booking.notes')}</span>
          <textarea rows={2} value={form.notes} onChange={(e) => form.setNotes(e.target.value)} />
        </label>
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
        {error && (
          <p className="form__error form__wide" role="alert">
            {t('booking.refused', { reason: error })}
          </p>
        )}
        <div className="form__actions form__wide">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={saving}>
            {t('booking.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
