import { describe, expect, it } from 'vitest';
import type { SchedulingStaff } from './scheduling.types';
import { staffFreeToStartNow } from './walk-in-start';

/** London is on GMT on Wednesday 2026-12-02. */
const at = (hhmm: string) => Date.parse(`2026-12-02T${hhmm}:00Z`);
const staff: SchedulingStaff[] = [
  { id: 'maya', serviceIds: ['blow-dry'], weeklyHours: { wed: [['09:00', '18:00']] } },
  { id: 'luca', serviceIds: ['blow-dry'], weeklyHours: { wed: [['09:00', '15:00']] } },
  { id: 'jordan', serviceIds: ['cut'], weeklyHours: { wed: [['09:00', '18:00']] } },
  {
    id: 'aisha',
    serviceIds: ['blow-dry'],
    weeklyHours: { wed: [['09:00', '18:00']] },
    timeOff: [{ start: at('15:00'), end: at('17:00') }],
  },
];
const sut = (now: string, durationMinutes = 30) =>
  staffFreeToStartNow({
    now: at(now),
    service: { id: 'blow-dry', durationMinutes, bufferBeforeMinutes: 0, bufferAfterMinutes: 0 },
    staff,
    location: { timeZone: 'Europe/London', openingHours: { wed: [['08:00', '20:00']] } },
  }).map((s) => s.id);

describe(staffFreeToStartNow.name, () => {
  it('offers only staff who perform the service and are working now', () => {
    expect(sut('11:00')).toEqual(['maya', 'luca', 'aisha']);
  });

  it('leaves out a staff member whose shift is over, or who is off', () => {
    expect(sut('15:40')).toEqual(['maya']);
  });

  it('leaves out a staff member whose shift ends before the service would', () => {
    expect(sut('14:45')).toEqual(['maya']);
    expect(sut('14:30')).toEqual(['maya', 'luca', 'aisha']);
  });

  it('offers no one after hours', () => {
    expect(sut('18:10')).toEqual([]);
  });
});
