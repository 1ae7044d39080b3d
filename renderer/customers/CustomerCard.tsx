import type { FormEvent } from 'react';
import { useState } from 'react';
import type { CustomerDetail } from '../../core/ipc/customers.ipc';
import { useFormat, useT } from '../i18n/use-t';
import { Field } from '../lib/Field';
import { dateIn } from '../lib/time';
import { StatusChip } from '../schedule/StatusChip';

/** One customer: details and notes (allergies, patch tests) to edit, and the booking history from the cache. */
export function CustomerCard({
  detail,
  zone,
  onSaved,
}: {
  detail: CustomerDetail;
  zone: string;
  onSaved(): void;
}) {
  const t = useT();
  const f = useFormat();
  const c = detail.customer;
  const [name, setName] = useState(c.name);
  const [phone, setPhone] = useState(c.phone ?? '');
  const [email, setEmail] = useState(c.email ?? '');
  const [notes, setNotes] = useState(c.notes ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const result = await window.bookdesk.customers.update({
      id: c.id,
      name,
      phone: phone || null,
      email: email || null,
      notes: notes.trim() || null,
    });
    setError(result.ok ? null : result.error.message);
    if (result.ok) onSaved();
  };
  return (
    <section className="panel" aria-label={c.name} key={c.id}>
      <h2>{c.name}</h2>
      <form className="form" onSubmit={(e) => void save(e)}>
        <Field label={t('walkIn.name')}>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t('walkIn.phone')}>
          <input type="tel" dir="ltr" value={phone} onChange={(e) => setPhone(e.target.value)} />
        </Field>
        <Field label={t('customers.email')}>
          <input type="email" dir="ltr" value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field label={t('customers.notes')}>
          <textarea rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </Field>
        {error && (
          <p className="form__error" role="alert">
            {error}
          </p>
        )}
        <div className="form__actions">
          <button type="submit" className="btn btn--primary">
            {t('customers.save')}
          </button>
        </div>
      </form>
      <h3>{t('customers.history', { count: detail.bookingCount })}</h3>
      <ul className="rows">
        {detail.bookings.map((b) => (
          <li key={b.id} className="rows__item">
            <span>{f.shortDate(dateIn(zone, new Date(b.start)))}</span>
            <span>{f.time(zone, b.start)}</span>
            <span>{b.serviceName ?? '—'}</span>
            <span>{b.staffName ?? '—'}</span>
            <StatusChip status={b.status} />
          </li>
        ))}
      </ul>
    </section>
  );
}
