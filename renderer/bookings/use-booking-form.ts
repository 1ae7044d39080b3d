/**
 * The booking dialog's state: what is chosen, the free times main's engine offers for it
 * (`useFreeSlots`), the business's custom fields, and the checks core applies before saving.
 */
import { useEffect, useMemo, useState } from 'react';
import type { FieldValue } from '../../core/domain/booking-rules';
import { customFieldValueErrors } from '../../core/domain/booking-rules';
import type { CustomField } from '../../core/domain/schemas';
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import { sendFreeSlotsAhead, useFreeSlots, warmFreeSlots } from './use-free-slots';

/** Where a new booking starts out: a staff member, a date, a time (clicked on the grid). */
export interface BookingPrefill {
  staffId?: string;
  date?: string;
  /** An instant (ISO) the receptionist picked on the grid. */
  start?: string;
}

export type CustomerChoice =
  | { kind: 'none' }
  | { kind: 'existing'; id: string; name: string; phone?: string; notes?: string }
  | { kind: 'new'; name: string; phone: string };

/**
 * Whether the booking still lacks its customer: none chosen, or a new one without a name. The API takes
 * a booking without a customer (a walk-in's), but one made in the booking dialog is for someone.
 */
export function customerMissing(choice: CustomerChoice): boolean {
  return choice.kind === 'none' || (choice.kind === 'new' && !choice.name.trim());
}

/** How soon after now a free time is taken for a picked quarter hour that has already begun. */
const SOON_MS = 15 * 60_000;

/**
 * The free time the dialog selects for the time picked on the grid: that time as the list writes it;
 * for a quarter hour already begun (the receptionist pointed at "now"), the first free time within the
 * next quarter of an hour; else the picked time itself (shown as not free).
 */
export function pickedSlot(picked: string, slots: readonly { start: string }[], now: number): string {
  const at = Date.parse(picked);
  const same = slots.find((s) => Date.parse(s.start) === at);
  if (same) return same.start;
  if (at < now) {
    const soon = slots.find((s) => Date.parse(s.start) >= now && Date.parse(s.start) < now + SOON_MS);
    if (soon) return soon.start;
  }
  return picked;
}

/** The service, staff member (empty: anyone) and date a new booking starts with. */
function bookingStart(day: DaySchedule, prefill: BookingPrefill) {
  const firstService =
    (prefill.staffId &&
      day.services.find((s) => day.staff.find((m) => m.id === prefill.staffId)?.serviceIds.includes(s.id))) ||
    day.services[0];
  return {
    serviceId: firstService?.id ?? '',
    staffId: prefill.staffId ?? '',
    date: prefill.date ?? day.date,
  };
}

/** Asks main for the free times of a booking dialog about to open, as its form will start. */
export function sendBookingSlotsAhead(day: DaySchedule, prefill: BookingPrefill): void {
  sendFreeSlotsAhead(bookingStart(day, prefill));
}

/** Keeps the free times of a new booking on `day` (no prefill, as B opens it) ready for the dialog. */
export function warmBookingSlots(day: DaySchedule): Promise<void> {
  return warmFreeSlots(bookingStart(day, {}));
}

export function useBookingForm(day: DaySchedule, prefill: BookingPrefill) {
  const zone = day.location.timeZone;
  const initial = bookingStart(day, prefill);
  const [serviceId, setServiceId] = useState(initial.serviceId);
  const [staffId, setStaffId] = useState(initial.staffId);
  const [date, setDate] = useState(initial.date);
  const [start, setStart] = useState(prefill.start ?? '');
  const [customer, setCustomer] = useState<CustomerChoice>({ kind: 'none' });
  const [values, setValues] = useState<Record<string, FieldValue>>({});
  const [notes, setNotes] = useState('');
  const [fields, setFields] = useState<CustomField[]>([]);

  useEffect(() => {
    void window.bookdesk.customFields.list({}).then((result) => result.ok && setFields(result.value.fields));
  }, []);

  const slots = useFreeSlots({ serviceId, staffId, date, zone });
  useEffect(() => {
    // The time picked on the grid, written as the list writes it, so the list shows it chosen.
    if (slots) setStart((picked) => (picked ? pickedSlot(picked, slots, Date.now()) : picked));
  }, [slots]);

  const staff = day.staff.filter((s) => s.serviceIds.includes(serviceId));
  const startFree = slots === null || !start || slots.some((s) => Date.parse(s.start) === Date.parse(start));
  const fieldErrors = useMemo(() => {
    const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
    return new Map(customFieldValueErrors(fields, given).map((e) => [e.key, e.message]));
  }, [fields, values]);

  return {
    zone,
    serviceId,
    setServiceId,
    staffId,
    setStaffId,
    date,
    setDate,
    start,
    setStart,
    customer,
    setCustomer,
    values,
    setValue: (key: string, value: FieldValue) => setValues((v) => ({ ...v, [key]: value })),
    notes,
    setNotes,
    fields,
    fieldErrors,
    slots,
    staff,
    startFree,
  };
}

export type BookingForm = ReturnType<typeof useBookingForm>;
