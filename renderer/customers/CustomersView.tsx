/** Customers: search the desk's cache by name, phone or e-mail; open one for its history and edit it. */
import { useEffect, useState } from 'react';
import type { CustomerDetail, DeskCustomer } from '../../core/ipc/customers.ipc';
import type { FrontDesk } from '../app/use-front-desk';
import { useT } from '../i18n/use-t';
import { LtrText } from '../lib/LtrText';
import { CustomerCard } from './CustomerCard';

export function CustomersView({ desk }: { desk: FrontDesk }) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<DeskCustomer[]>([]);
  const [open, setOpen] = useState<CustomerDetail | null>(null);
  useEffect(() => {
    if (!query.trim()) return setFound([]);
    let current = true;
    void window.bookdesk.customers
      .search({ query, limit: 30 })
      .then((r) => current && r.ok && setFound(r.value.customers));
    return () => {
      current = false;
    };
  }, [query]);
  const openCustomer = async (id: string) => {
    const result = await window.bookdesk.customers.get({ id });
    if (result.ok) setOpen(result.value);
  };
  return (
    <main className="page page--split">
      <section className="panel" aria-labelledby="customers-title">
        <h1 id="customers-title" className="page__title">
          {t('nav.customers')}
        </h1>
        <input
          type="search"
          aria-label={t('booking.searchCustomers')}
          placeholder={t('booking.searchCustomers')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <ul className="rows" aria-label={t('booking.matches')}>
          {found.map((c) => (
            <li key={c.id}>
              <button type="button" className="picker__item" onClick={() => void openCustomer(c.id)}>
                <span>{c.name}</span>
                <span className="picker__meta">
                  <LtrText>{c.phone ?? c.email ?? ''}</LtrText>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      {open && (
        <CustomerCard
          key={open.customer.id}
          detail={open}
          zone={desk.zone}
          onSaved={() => void openCustomer(open.customer.id)}
        />
      )}
    </main>
  );
}
