/**
 * The free times main's engine offers (`availability:slots`, from the cache, so offline too) for a
 * service on one date of the location, for one staff member or anyone; when moving a booking, the
 * times its own slot overlaps count as free. `null` until the first answer for the current choice,
 * unless the answer was kept warm ({@link warmFreeSlots}): then it shows at once while main is asked
 * again.
 */
import { useEffect, useRef, useState } from 'react';
import type { AvailableSlots } from '../../core/ipc/bookings.ipc';
import type { Result } from '../../core/ipc/result';
import { addDays, dateIn } from '../lib/time';

export type FreeSlots = AvailableSlots['slots'];

interface SlotQuery {
  serviceId: string;
  /** Empty: any staff member. */
  staffId: string;
  /** `YYYY-MM-DD` in `zone`. */
  date: string;
  zone: string;
  movingBookingId?: string;
}

/** What `availability:slots` is asked for a query. */
function slotsArgs({ serviceId, staffId, date, movingBookingId }: Omit<SlotQuery, 'zone'>) {
  // A day either side in UTC covers the location's day in any zone; the list keeps that day only.
  return {
    serviceId,
    from: `${addDays(date, -1)}T12:00:00Z`,
    to: `${addDays(date, 1)}T12:00:00Z`,
    ...(staffId ? { staffId } : {}),
    ...(movingBookingId ? { movingBookingId } : {}),
  };
}

/** The times of `result` on `date` in `zone` (the query spans a day either side). */
const slotsOn = (result: Result<AvailableSlots>, zone: string, date: string): FreeSlots =>
  result.ok ? result.value.slots.filter((s) => dateIn(zone, new Date(s.start)) === date) : [];

/** The last answer {@link warmFreeSlots} got, for a dialog's first render. */
let warm: { key: string; answer: Result<AvailableSlots> } | null = null;
/** Counts warm-ups, so an answer to an earlier one never replaces a later one's. */
let warmups = 0;

/**
 * Asks main now for the free times a dialog would first ask for, so the dialog opens with them
 * listed; the answer before is dropped at once (it may be out of date).
 */
export async function warmFreeSlots(query: Omit<SlotQuery, 'zone'>): Promise<void> {
  const warmup = ++warmups;
  warm = null;
  if (!query.serviceId) return;
  const args = slotsArgs(query);
  const answer = await window.bookdesk.availability.slots(args);
  if (warmup === warmups) warm = { key: JSON.stringify(args), answer };
}

/** The request sent by {@link sendFreeSlotsAhead}, until the next {@link useFreeSlots} query takes it. */
let ahead: { key: string; answer: Promise<Result<AvailableSlots>> } | null = null;

/**
 * Sends the query of a dialog about to open from the key press or click that opens it, so main
 * answers while React draws the dialog; the dialog's first query takes the answer instead of asking.
 */
export function sendFreeSlotsAhead(query: Omit<SlotQuery, 'zone'>): void {
  if (!query.serviceId) return;
  const args = slotsArgs(query);
  ahead = { key: JSON.stringify(args), answer: window.bookdesk.availability.slots(args) };
}

export function useFreeSlots({
  serviceId,
  staffId,
  date,
  zone,
  movingBookingId,
}: SlotQuery): FreeSlots | null {
  const [slots, setSlots] = useState<FreeSlots | null>(() => {
    const key = JSON.stringify(slotsArgs({ serviceId, staffId, date, movingBookingId }));
    return warm?.key === key ? slotsOn(warm.answer, zone, date) : null;
  });
  /** The first query's warm answer stays listed while main answers it again. */
  const shownWarm = useRef(slots !== null);
  useEffect(() => {
    if (!serviceId) return;
    let current = true;
    if (shownWarm.current) shownWarm.current = false;
    else setSlots(null);
    const args = slotsArgs({ serviceId, staffId, date, movingBookingId });
    const sent = ahead?.key === JSON.stringify(args) ? ahead.answer : null;
    ahead = null;
    void (sent ?? window.bookdesk.availability.slots(args)).then((result) => {
      if (current) setSlots(slotsOn(result, zone, date));
    });
    return () => {
      current = false;
    };
  }, [serviceId, staffId, date, zone, movingBookingId]);
  return slots;
}
