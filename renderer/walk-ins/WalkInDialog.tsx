/**
 * "New walk-in" (shortcut N): name, optional phone, service and preferred staff; Enter adds the party
 * to the queue. Built for speed: the name has the keyboard, the service defaults to the first one.
 */
import { useState } from 'react';
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import { useT } from '../i18n/use-t';
import { Field } from '../lib/Field';
import { FormDialog, useDialogSubmit } from '../lib/FormDialog';
import { holdFocus } from '../lib/hold-focus';
import { StaffSelect } from '../lib/StaffSelect';

export function WalkInDialog({ day, onClose }: { day: DaySchedule | null; onClose(): void }) {
  const t = useT();
  const services = day?.services ?? [];
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [serviceId, setServiceId] = useState(services[0]?.id ?? '');
  const [staffId, setStaffId] = useState('');
  const { error, saving, send } = useDialogSubmit(onClose);
  const staff = (day?.staff ?? []).filter((s) => s.serviceIds.includes(serviceId));

  const submit = () => {
    if (!name.trim() || !serviceId) return;
    void send(async () => {
      const result = await window.bookdesk.walkIns.create({
        customer: { name: name.trim(), ...(phone.trim() ? { phone: phone.trim() } : {}) },
        serviceId,
        ...(staffId ? { staffId } : {}),
      });
      // Opened by N, nothing had the keyboard before: the party just added gets it.
      const id = result.ok ? result.value.id : null;
      if (id) holdFocus(() => document.querySelector<HTMLElement>(`[data-walkin-id="${CSS.escape(id)}"]`));
      return result;
    });
  };

  return (
    <FormDialog
      title={t('walkIn.title')}
      submitLabel={t('walkIn.add')}
      onSubmit={submit}
      onClose={onClose}
      saving={saving}
      error={error}
    >
      <Field label={t('walkIn.name')}>
        <input autoFocus required value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </Field>
      <Field label={t('walkIn.phone')}>
        <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} autoComplete="off" />
      </Field>
      <Field label={t('walkIn.service')}>
        <select required value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('walkIn.staff')}>
        <StaffSelect anyone staff={staff} value={staffId} onChange={setStaffId} />
      </Field>
    </FormDialog>
  );
}
