import { describe, expect, it } from 'vitest';
import { estimateDayWaits, staffToStartWalkIn, type WalkInDay } from './walk-in-day';

const at = (hhmm: string) => `2026-12-02T${hhmm}:00.000Z`;
const everyWednesday = { wed: [['09:00', '18:00']] as [string, string][] };
const day: WalkInDay = {
  date: '2026-12-02',
  location: { timeZone: 'Europe/London', openingHours: everyWednesday },
  staff: [
    { id: 'omar', serviceIds: ['cut'], weeklyHours: everyWednesday },
    { id: 'ines', serviceIds: ['cut'], weeklyHours: everyWednesday },
  ],
  services: [
    {
      id: 'cut',
      name: 'Cut',
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 0,
      maxAdvanceDays: 30,
    } as WalkInDay['services'][number],
  ],
  bookings: [
    { id: 'b1', staffId: 'omar', serviceId: 'cut', start: at('16:10'), end: at('16:40'), status: 'booked' },
  ],
  busy: [],
};
const party = (id: string, arrived: string, staffId: string | null = null) => ({
  id,
  serviceId: 'cut',
  partySize: 1,
  staffId,
  arrivedAt: at(arrived),
});

describe(estimateDayWaits.name, () => {
  it('names the staff member free now for the first party, by the cached day', () => {
    const [first] = estimateDayWaits(day, [party('w1', '15:50')], Date.parse(at('16:00')));
    expect(first).toMatchObject({ walkInId: 'w1', staffId: 'ines', estimatedWaitMinutes: 0 });
  });

  it('names no one who is off now', () => {
    const off = {
      ...day,
      timeOff: [{ staffId: 'ines', start: Date.parse(at('15:00')), end: Date.parse(at('18:00')) }],
    };
    const [first] = estimateDayWaits(off, [party('w1', '15:50')], Date.parse(at('16:00')));
    expect(first).toMatchObject({ walkInId: 'w1', staffId: 'omar' });
  });

  it('keeps the queue in arrival order and a party to the staff member they asked for', () => {
    const estimates = estimateDayWaits(
      day,
      [party('late', '15:55', 'omar'), party('early', '15:40')],
      Date.parse(at('16:00')),
    );
    expect(estimates.map((e) => [e.walkInId, e.staffId])).toEqual([
      ['early', 'ines'],
      ['late', 'omar'],
    ]);
  });
});

describe(staffToStartWalkIn.name, () => {
  const now = Date.parse(at('16:00'));
  const queue = [party('w1', '15:50'), party('w2', '15:55', 'omar')];

  it('puts the staff member the estimate names first', () => {
    expect(staffToStartWalkIn({ ...day, walkIns: queue }, 'w1', now)).toEqual(['ines', 'omar']);
  });

  it('leaves out staff on time off, and answers no one for a party not on the day', () => {
    const off = [{ staffId: 'ines', start: now - 3_600_000, end: now + 3_600_000 }];
    expect(staffToStartWalkIn({ ...day, walkIns: queue, timeOff: off }, 'w1', now)).toEqual(['omar']);
    expect(staffToStartWalkIn({ ...day, walkIns: queue }, 'gone', now)).toEqual([]);
  });
});
