import { describe, expect, it } from 'vitest';
import { isWaitOverdue, nowAndNext, waitedMinutes } from './desk-glance';

const at = (hhmm: string) => `2026-11-27T${hhmm}:00Z`;
const now = Date.parse(at('11:05'));

describe('desk glance', () => {
  it('counts whole minutes waited', () => {
    expect(waitedMinutes({ arrivedAt: at('10:50') }, now)).toBe(15);
    expect(waitedMinutes({ arrivedAt: at('11:10') }, now)).toBe(0);
  });

  it('flags a walk-in 10 minutes past its estimate, not before', () => {
    const walkIn = { arrivedAt: at('10:40'), estimatedWaitMinutes: 15, status: 'waiting' as const };
    expect(isWaitOverdue(walkIn, now)).toBe(true); // waited 25 = 15 + 10
    expect(isWaitOverdue({ ...walkIn, estimatedWaitMinutes: 16 }, now)).toBe(false);
    expect(isWaitOverdue({ ...walkIn, status: 'started' }, now)).toBe(false);
    expect(isWaitOverdue({ ...walkIn, estimatedWaitMinutes: null }, now)).toBe(false);
  });

  it('takes the booking in service as now, and the next two upcoming after it', () => {
    const b = (start: string, end: string, status: 'booked' | 'in_service' | 'completed') => ({
      start: at(start),
      end: at(end),
      status,
    });
    const bookings = [
      b('12:00', '12:30', 'booked'),
      b('10:00', '11:30', 'in_service'),
      b('11:45', '12:00', 'booked'),
      b('13:00', '13:30', 'booked'),
      b('09:00', '09:30', 'completed'),
    ];

    const sut = nowAndNext(bookings, now, 2);

    expect(sut.now).toBe(bookings[1]);
    expect(sut.next).toEqual([bookings[2], bookings[0]]);
  });
});
