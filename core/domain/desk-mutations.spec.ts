import { describe, expect, it } from 'vitest';
import { deskText } from '../i18n/desk-texts';
import type { DeskRows } from './desk-mutations';
import { applyDeskMutation } from './desk-mutations';
import type { Booking, Location, Service, Staff, WalkIn } from './schemas';

const ZONE = 'Asia/Tehran';
const location: Location = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Main',
  timeZone: ZONE,
  openingHours: { wed: [['09:00', '17:00']] },
};
const service: Service = {
  id: '00000000-0000-4000-8000-000000000002',
  name: 'Cut',
  durationMinutes: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minNoticeMinutes: 0,
  maxAdvanceDays: 30,
};
const dana: Staff = {
  id: '00000000-0000-4000-8000-000000000003',
  name: 'Dana',
  locationId: location.id,
  color: '#336699',
  serviceIds: [service.id],
  weeklyHours: { wed: [['09:00', '17:00']] },
};
const booked: Booking = {
  id: '00000000-0000-4000-8000-000000000004',
  serviceId: service.id,
  staffId: dana.id,
  customerId: null,
  start: '2026-12-02T10:00:00+03:30',
  end: '2026-12-02T11:00:00+03:30',
  status: 'booked',
  source: 'desk',
};
const waiting: WalkIn = {
  id: '00000000-0000-4000-8000-000000000005',
  customerId: null,
  customerName: 'Sara',
  serviceId: service.id,
  staffId: null,
  partySize: 1,
  status: 'waiting',
  arrivedAt: '2026-12-02T09:30:00+03:30',
  position: 1,
  estimatedWaitMinutes: 0,
};

const rows = (bookings: Booking[] = [booked]): DeskRows => ({
  location: () => location,
  booking: (id) => bookings.find((b) => b.id === id) ?? null,
  walkIn: (id) => (id === waiting.id ? waiting : null),
  customer: () => null,
  service: (id) => (id === service.id ? service : null),
  staffMember: (id) => (id === dana.id ? dana : null),
  bookingsOf: (staffId) => bookings.filter((b) => b.staffId === staffId),
  busyOf: () => [],
  timeOffOf: () => absences,
});
let absences: { start: number; end: number }[] = [];
const now = Date.parse('2026-12-02T09:00:00+03:30');
const NEW_ID = '00000000-0000-4000-8000-0000000000aa';

/** A new booking for Dana at `start`, as the desk applies it (checking conflicts or, on rebase, not). */
const bookDanaAt = (start: string, checkConflicts: boolean) =>
  applyDeskMutation(
    rows(),
    {
      name: 'booking.create',
      args: { id: NEW_ID, serviceId: service.id, staffId: dana.id, start, source: 'desk' },
    },
    { now, checkConflicts },
  );

describe(applyDeskMutation.name, () => {
  it('books at once with the service length, in the location zone', () => {
    const sut = bookDanaAt('2026-12-02T08:30:00Z', true);
    expect(sut).toEqual({
      ok: true,
      changes: [
        {
          entity: 'booking',
          id: NEW_ID,
          row: expect.objectContaining({
            start: '2026-12-02T12:00:00+03:30',
            end: '2026-12-02T13:00:00+03:30',
            status: 'booked',
          }),
        },
      ],
    });
  });

  it('refuses a slot the cache shows taken, naming who has it and when', () => {
    const sut = bookDanaAt('2026-12-02T10:30:00+03:30', true);
    expect(sut).toEqual({
      ok: false,
      refusal: {
        type: 'slot-taken',
        text: deskText(
          'refusal.slotTaken',
          {
            staff: 'Dana',
            start: Date.parse('2026-12-02T10:00:00+03:30'),
            end: Date.parse('2026-12-02T11:00:00+03:30'),
          },
          ZONE,
        ),
      },
    });
  });

  it('refuses a time the staff member is away, from the cached time off', () => {
    absences = [
      { start: Date.parse('2026-12-02T14:00:00+03:30'), end: Date.parse('2026-12-02T17:00:00+03:30') },
    ];
    const sut = bookDanaAt('2026-12-02T14:30:00+03:30', true);
    absences = [];
    expect(sut).toEqual({
      ok: false,
      refusal: { type: 'slot-taken', text: deskText('refusal.notWorking', { staff: 'Dana' }) },
    });
  });

  it('re-applies the same booking over a taken slot during a rebase (the server decides)', () => {
    const sut = bookDanaAt('2026-12-02T10:30:00+03:30', false);
    expect(sut.ok).toBe(true);
  });

  it('moves a booking keeping its length, and not into itself', () => {
    const sut = applyDeskMutation(
      rows(),
      { name: 'booking.update', args: { id: booked.id, start: '2026-12-02T10:30:00+03:30' } },
      { now, checkConflicts: true },
    );
    expect(sut).toMatchObject({
      ok: true,
      changes: [{ row: { start: '2026-12-02T10:30:00+03:30', end: '2026-12-02T11:30:00+03:30' } }],
    });
  });

  it('follows the status rules of the API', () => {
    const checkIn = applyDeskMutation(
      rows(),
      { name: 'booking.setStatus', args: { id: booked.id, status: 'checked_in' } },
      { now, checkConflicts: true },
    );
    expect(checkIn).toMatchObject({ ok: true, changes: [{ row: { status: 'checked_in' } }] });
    const completed = { ...booked, status: 'completed' as const };
    const noShow = applyDeskMutation(
      rows([completed]),
      { name: 'booking.setStatus', args: { id: booked.id, status: 'no_show' } },
      { now, checkConflicts: true },
    );
    expect(noShow).toEqual({
      ok: false,
      refusal: {
        type: 'invalid-transition',
        text: deskText('refusal.statusMove', { from: 'completed', to: 'no_show' }),
      },
    });
  });

  it('queues a walk-in at the time the desk recorded, and starts it as an in-service booking', () => {
    const created = applyDeskMutation(
      rows(),
      {
        name: 'walkIn.create',
        args: {
          id: NEW_ID,
          serviceId: service.id,
          customer: { name: 'Nima' },
          arrivedAt: '2026-12-02T06:05:00Z',
        },
      },
      { now, checkConflicts: true },
    );
    expect(created).toMatchObject({
      ok: true,
      changes: [{ row: { customerName: 'Nima', status: 'waiting', arrivedAt: '2026-12-02T09:35:00+03:30' } }],
    });
    const started = applyDeskMutation(
      rows(),
      // Started at 11:00:42: the booking, like the server's, begins on the whole minute.
      { name: 'walkIn.action', args: { id: waiting.id, action: 'start', at: '2026-12-02T11:00:42+03:30' } },
      { now, checkConflicts: true, assumedStaffId: dana.id, localBookingId: NEW_ID },
    );
    expect(started).toMatchObject({
      ok: true,
      changes: [
        { entity: 'walkIn', row: { status: 'started' } },
        {
          entity: 'booking',
          id: NEW_ID,
          row: {
            staffId: dana.id,
            status: 'in_service',
            start: '2026-12-02T11:00:00+03:30',
            end: '2026-12-02T12:00:00+03:30',
          },
        },
      ],
    });
  });

  it('refuses to act on a walk-in that has left the queue', () => {
    const gone = applyDeskMutation(
      { ...rows(), walkIn: () => ({ ...waiting, status: 'left' }) },
      { name: 'walkIn.action', args: { id: waiting.id, action: 'call' } },
      { now, checkConflicts: true },
    );
    expect(gone).toMatchObject({ ok: false, refusal: { type: 'invalid-transition' } });
  });
});
