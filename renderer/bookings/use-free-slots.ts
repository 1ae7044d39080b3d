/**
 * The free times main's engine offers (`availability:slots`, from the cache, so offline too) for a
 * service on one date of the location, for one staff member or anyone; when moving a booking, the
 * times its own slot overlaps count as free. `null` until the first answer for the current choice.
 */
import { useEffect, useState } from 'react';
import type { AvailableSlots } from '../../core/ipc/bookings.ipc';
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

export function useFreeSlots({
  serviceId,
  staffId,
  date,
  zone,
  movingBookingId,
}: SlotQuery): FreeSlots | null {
  const [slots, setSlots] = useState<FreeSlots | null>(null);
  useEffect(() => {
    if (!serviceId) return;
    let current = true;
    setSlots(null);
    // A day either side in UTC covers the location's day in any zone; the list keeps that day only.
    void window.bookdesk.availability
      .slots({
        serviceId,
        from: `${addDays(date, -1)}T12:00:00Z`,
        to: `${addDays(date, 1)}T12:00:00Z`,
        ...(staffId ? { staffId } : {}),
        ...(movingBookingId ? { movingBookingId } : {}),
      })
      .then((result) => {
        if (current)
          setSlots(
            result.ok ? result.value.slots.filter((s) => dateIn(zone, new Date(s.start)) === date) : [],
          );
      });
    return () => {
      current = false;
    };
  }, [serviceId, staffId, date, zone, movingBookingId]);
  return slots;
}
