/**
 * "New walk-in" (shortcut N): name, optional phone, service and preferred staff; Enter adds the party
 * to the queue. Built for speed: the name has the keyboard, the service defaults to the first one.
 */
import type { FormEvent } from 'react';
import { useState } from 'react';
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import { useT } from '../i18n/use-t';
import { Modal } from '../lib/Modal';

export function WalkInDialog({ day, onClose }: { day: DaySchedule | null; onClose(): void }) {
  const t = useT();
  const services = day?.services ?? [];
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [serviceId, setServiceId] = useState(services[0]?.id ?? '');
  const [staffId, setStaffId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const staff = (day?.staff ?? []).filter((s) => s.serviceIds.includes(serviceId));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim() || !serviceId || saving) return;
    setSaving(true);
    const result = await window.bookdesk.walkIns.create({
      customer: { name: name.trim(), ...(phone.trim() ? { phone: phone.trim() } : {}) },
      serviceId,
      ...(staffId ? { staffId } : {}),
    });
    setSaving(false);
    if (result.ok) onClose();
    else setError(result.error.message);
  };

  return (
    <Modal title={t('walkIn.title')} onClose={onClose}>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span className="field__label">{t('walkIn.name')}</span>
          <input
            autoFocus
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
          />
        </label>
        <label className="field">
          <span className="field__label">{t('walkIn.phone')}</span>
          <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} autoComplete="off" />
        </label>
        <label className="field">
          <span className="field__label">{t('walkIn.service')}</span>
          <select required value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('walkIn.staff')}</span>
          <select value={staffId} onChange={(e) => setStaffId(e.target.value)}>
            <option value="">{t('common.anyone')}</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        {error && (
          <p className="form__error" role="alert">
            {error}
          </p>
        )}
        <div className="form__actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={saving}>
            {t('walkIn.add')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
