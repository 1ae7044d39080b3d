/**
 * Finds the customer in the desk's cache (name, phone or e-mail), or adds one on the spot. The search
 * box is a combobox over its matches: the arrow keys move through them, Enter picks the highlighted one
 * (never submitting the booking), Escape closes the list. The chosen customer shows with their notes
 * (allergies, patch tests) for the receptionist to see before booking.
 */
import type { KeyboardEvent } from 'react';
import { useEffect, useId, useState } from 'react';
import type { DeskCustomer } from '../../core/ipc/customers.ipc';
import { useT } from '../i18n/use-t';
import { Field } from '../lib/Field';
import { LtrText } from '../lib/LtrText';
import { listboxKeyEffect } from './listbox-keys';
import type { CustomerChoice } from './use-booking-form';

export function CustomerPicker({
  value,
  onChange,
  errorId,
}: {
  value: CustomerChoice;
  onChange(c: CustomerChoice): void;
  /** The id of the "Choose or add a customer" message while it shows, which describes the search box. */
  errorId?: string;
}) {
  const t = useT();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<DeskCustomer[]>([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!query.trim()) return setFound([]);
    let current = true;
    void window.bookdesk.customers.search({ query, limit: 6 }).then((result) => {
      if (current && result.ok) {
        setFound(result.value.customers);
        setActive(-1);
      }
    });
    return () => {
      current = false;
    };
  }, [query]);

  const choose = (c: DeskCustomer) =>
    onChange({
      kind: 'existing',
      id: c.id,
      name: c.name,
      ...(c.phone ? { phone: c.phone } : {}),
      ...(c.notes ? { notes: c.notes } : {}),
    });
  const shown = open ? found : [];
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const effect = listboxKeyEffect(event.key, active, shown.length);
    if (effect.kind === 'none') {
      if (event.key === 'ArrowDown' && found.length > 0) {
        event.preventDefault();
        setOpen(true);
        setActive(0);
      }
      return;
    }
    // The dialog closes on Escape and the form submits on Enter: the list takes them instead.
    event.preventDefault();
    if (effect.kind === 'highlight') setActive(effect.index);
    else if (effect.kind === 'pick') choose(shown[effect.index]!);
    else if (effect.kind === 'close') {
      setOpen(false);
      setActive(-1);
    }
  };

  if (value.kind === 'existing')
    return (
      <div className="picked">
        <div className="picked__who">
          <span className="picked__name">{value.name}</span>
          {value.phone && (
            <span className="picker__meta">
              <LtrText>{value.phone}</LtrText>
            </span>
          )}
          <button type="button" className="btn" autoFocus onClick={() => onChange({ kind: 'none' })}>
            {t('booking.changeCustomer')}
          </button>
        </div>
        {value.notes && (
          <p className="form__warn picked__notes" role="note" aria-label={t('booking.customerNotes')}>
            <span className="field__label">{t('booking.customerNotes')}</span> {value.notes}
          </p>
        )}
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
            aria-invalid={errorId ? true : undefined}
            aria-describedby={errorId}
            onChange={(e) => onChange({ ...value, name: e.target.value })}
          />
        </Field>
        <Field label={t('walkIn.phone')}>
          <input
            type="tel"
            dir="ltr"
            value={value.phone}
            onChange={(e) => onChange({ ...value, phone: e.target.value })}
          />
        </Field>
        <button type="button" className="btn" onClick={() => onChange({ kind: 'none' })}>
          {t('booking.searchInstead')}
        </button>
      </fieldset>
    );
  const expanded = shown.length > 0;
  return (
    <div className="picker">
      <input
        type="search"
        role="combobox"
        aria-label={t('booking.searchCustomers')}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={errorId}
        placeholder={t('booking.searchCustomers')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
      />
      <ul
        className="picker__results"
        id={listId}
        role="listbox"
        aria-label={t('booking.matches')}
        hidden={!expanded}
      >
        {shown.map((c, i) => (
          <li
            key={c.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className="picker__item"
            // Keeps the focus in the search box, as a combobox's options do.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(c)}
          >
            <span>{c.name}</span>
            <span className="picker__meta">
              <LtrText>{c.phone ?? c.email ?? ''}</LtrText>
            </span>
          </li>
        ))}
      </ul>
      <button type="button" className="btn" onClick={() => onChange({ kind: 'new', name: query, phone: '' })}>
        {t('booking.quickAdd')}
      </button>
    </div>
  );
}
