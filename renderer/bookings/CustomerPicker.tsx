/** Finds the customer in the desk's cache (name, phone or e-mail), or adds one on the spot. */
import { useEffect, useState } from 'react';
import type { DeskCustomer } from '../../core/ipc/customers.ipc';
import { useT } from '../i18n/use-t';
import { Field } from '../lib/Field';
import type { CustomerChoice } from './use-booking-form';

export function CustomerPicker({
  value,
  onChange,
}: {
  value: CustomerChoice;
  onChange(c: CustomerChoice): void;
}) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<DeskCustomer[]>([]);
  useEffect(() => {
    if (!query.trim()) return setFound([]);
    let current = true;
    void window.bookdesk.customers.search({ query, limit: 6 }).then((result) => {
      if (current && result.ok) setFound(result.value.customers);
    });
    return () => {
      current = false;
    };
  }, [query]);

  if (value.kind === 'existing')
    return (
      <div className="picked">
        <span className="picked__name">{value.name}</span>
        <button type="button" className="btn" onClick={() => onChange({ kind: 'none' })}>
          {t('booking.changeCustomer')}
        </button>
      </div>
    );
  if (value.kind === 'new')
    return (
      <fieldset className="quickadd">
        <legend>{t('booking.newCustomer')}</legend>
        <Field label={t('walkIn.name')}>
          <input
            required
            autoFocus
            value={value.name}
            onChange={(e) => onChange({ ...value, name: e.target.value })}
          />
        </Field>
        <Field label={t('walkIn.phone')}>
          <input
            type="tel"
            value={value.phone}
            onChange={(e) => onChange({ ...value, phone: e.target.value })}
          />
        </Field>
        <button type="button" className="btn" onClick={() => onChange({ kind: 'none' })}>
          {t('booking.searchInstead')}
        </button>
      </fieldset>
    );
  return (
    <div className="picker">
      <input
        type="search"
        aria-label={t('booking.searchCustomers')}
        placeholder={t('booking.searchCustomers')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {found.length > 0 && (
        <ul className="picker__results" aria-label={t('booking.matches')}>
          {found.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="picker__item"
                onClick={() => onChange({ kind: 'existing', id: c.id, name: c.name })}
              >
                <span>{c.name}</span>
                <span className="picker__meta">{c.phone ?? c.email ?? ''}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="btn" onClick={() => onChange({ kind: 'new', name: query, phone: '' })}>
        {t('booking.quickAdd')}
      </button>
    </div>
  );
}
