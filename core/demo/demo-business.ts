/**
 * A deterministic demo salon for one calendar day: what `npm start` seeds on first run and what the
 * desktop tests render. Pure: the same (date, zone, now) always gives the same business.
 */
import { DateTime } from 'luxon';
import type { Booking, Customer, ExternalBusy, Location, Service, Staff, WalkIn } from '../domain/schemas';
import { WEEKDAYS } from '../domain/schemas';
import { estimateWalkInWaits, toBusyBlock, toBusyBooking } from '../scheduling';

/** Everything the demo business consists of, in the API's wire shapes. */
export interface DemoBusiness {
  business: { name: string };
  owner: { name: string; email: string };
  location: Location;
  staff: Staff[];
  services: Service[];
  customers: Customer[];
  bookings: Booking[];
  walkIns: WalkIn[];
  busy: ExternalBusy[];
}

export interface DemoBusinessOptions {
  /** The calendar day `YYYY-MM-DD` in `timeZone`. */
  date: string;
  timeZone: string;
  /** The moment the day is seen from; statuses (completed, in service, ...) follow from it. */
  now: Date;
}

const ENTITY = { location: 1, staff: 2, service: 3, customer: 4, booking: 5, walkIn: 6, busy: 7 } as const;

/** Deterministic UUID (v4 layout) per entity kind, index and, for day-bound rows, date. */
export function demoId(kind: keyof typeof ENTITY, index: number, date = '00000000'): string {
  const tail = `${ENTITY[kind].toString(16).padStart(2, '0')}${date.replaceAll('-', '')}${index.toString(16).padStart(2, '0')}`;
  return `b00cde5c-0000-4000-8000-${tail}`;
}

const everyDay = (ranges: [string, string][]) =>
  Object.fromEntries(WEEKDAYS.map((day) => [day, ranges])) as Staff['weeklyHours'];

const SERVICES: Omit<Service, 'id'>[] = [
  {
    name: "Women's cut & finish",
    durationMinutes: 45,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 10,
    minNoticeMinutes: 30,
    maxAdvanceDays: 90,
    priceCents: 6500,
  },
  {
    name: "Men's cut",
    durationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 5,
    minNoticeMinutes: 30,
    maxAdvanceDays: 90,
    priceCents: 3500,
  },
  {
    name: 'Full colour',
    durationMinutes: 90,
    bufferBeforeMinutes: 5,
    bufferAfterMinutes: 15,
    minNoticeMinutes: 120,
    maxAdvanceDays: 90,
    priceCents: 11000,
  },
  {
    name: 'Blow-dry',
    durationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 5,
    minNoticeMinutes: 30,
    maxAdvanceDays: 90,
    priceCents: 4000,
  },
  {
    name: 'Beard trim',
    durationMinutes: 20,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 5,
    minNoticeMinutes: 15,
    maxAdvanceDays: 90,
    priceCents: 2000,
  },
];

const STAFF: { name: string; color: string; hours: [string, string][]; services: number[] }[] = [
  {
    name: 'Maya Chen',
    color: '#6366F1',
    hours: [
      ['09:00', '12:30'],
      ['13:30', '18:00'],
    ],
    services: [0, 2, 3],
  },
  { name: 'Jordan Blake', color: '#0EA5A4', hours: [['09:00', '17:00']], services: [0, 1, 3, 4] },
  { name: 'Aisha Rahman', color: '#F59E0B', hours: [['10:00', '18:00']], services: [0, 2, 3] },
  { name: 'Luca Moretti', color: '#EC4899', hours: [['09:00', '15:00']], services: [1, 3, 4] },
];

const CUSTOMERS: Omit<Customer, 'id'>[] = [
  { name: 'Olivia Bennett', phone: '+44 20 7946 0101' },
  { name: 'Noah Fischer', phone: '+44 20 7946 0102' },
  { name: 'Emma Laurent', email: 'emma.laurent@example.com' },
  { name: 'Liam O’Connor', phone: '+44 20 7946 0104' },
  { name: 'Sofia Rossi', phone: '+44 20 7946 0105', notes: 'Prefers a quiet chair by the window.' },
  { name: 'Mateo García', phone: '+44 20 7946 0106' },
  { name: 'Hannah Schmidt', email: 'hannah.s@example.com' },
  { name: 'Daniel Kim', phone: '+44 20 7946 0108' },
  { name: 'Grace Adeyemi', phone: '+44 20 7946 0109' },
  { name: 'Ethan Walker', phone: '+44 20 7946 0110' },
  { name: 'Zara Hussain', phone: '+44 20 7946 0111', notes: 'Patch test done in October.' },
  { name: 'Lucas Petit', phone: '+44 20 7946 0112' },
  { name: 'Chloe Martin', email: 'chloe.martin@example.com' },
  { name: 'Omar Haddad', phone: '+44 20 7946 0114' },
  { name: 'Priya Nair', phone: '+44 20 7946 0115' },
  { name: 'Isabel Costa', phone: '+44 20 7946 0116' },
  { name: 'Tom Fletcher', email: 'tom.fletcher@example.com' },
  { name: 'Amara Obi', phone: '+44 20 7946 0118' },
  { name: 'Felix Braun', phone: '+44 20 7946 0119' },
  { name: 'Nora Lindqvist', phone: '+44 20 7946 0120' },
  { name: 'Yusuf Demir', phone: '+44 20 7946 0121' },
  { name: 'Ruby Clarke', email: 'ruby.clarke@example.com' },
  { name: 'Kenji Sato', phone: '+44 20 7946 0123' },
];

/**
 * [staff, wall-clock start, service, customer]; laid out so no two overlap, buffers and breaks included,
 * and nobody is booked twice in a day (nor queues as a walk-in while holding a booking).
 */
const DAY: [number, string, number, number][] = [
  [0, '09:00', 0, 0],
  [0, '10:00', 2, 2],
  [0, '11:45', 3, 4],
  [0, '13:30', 0, 6],
  [0, '14:30', 2, 10],
  [0, '16:30', 3, 12],
  [1, '09:00', 1, 1],
  [1, '09:45', 4, 3],
  [1, '10:15', 0, 8],
  [1, '11:15', 1, 5],
  [1, '13:00', 0, 22],
  [1, '15:00', 1, 9],
  [2, '10:15', 2, 11],
  [2, '12:00', 0, 13],
  [2, '13:15', 3, 7],
  [2, '14:00', 2, 15],
  [2, '16:00', 0, 16],
  [3, '09:15', 1, 17],
  [3, '10:00', 4, 18],
  [3, '11:00', 1, 19],
  [3, '12:30', 3, 20],
  [3, '13:30', 1, 21],
];
/** The index in DAY of the customer who never turned up. */
const NO_SHOW = 7;

/**
 * The demo business on `date`. Statuses are read from a clock held inside opening hours (at least two
 * hours after opening, two before closing), so whenever the demo is seeded the day is mid-flow:
 * some appointments done, some in the chair, some checked in, the rest upcoming.
 */
export function createDemoBusiness({ date, timeZone, now }: DemoBusinessOptions): DemoBusiness {
  const at = (hhmm: string) => DateTime.fromISO(`${date}T${hhmm}`, { zone: timeZone });
  const iso = (dt: DateTime) => dt.toISO({ suppressMilliseconds: true }) as string;
  const locationId = demoId('location', 0);
  const location: Location = {
    id: locationId,
    name: 'Juniper & Co. — High Street',
    timeZone,
    openingHours: everyDay([['09:00', '18:00']]),
  };
  const services: Service[] = SERVICES.map((s, i) => ({ id: demoId('service', i), ...s }));
  const staff: Staff[] = STAFF.map((s, i) => ({
    id: demoId('staff', i),
    name: s.name,
    email: `${s.name.split(' ')[0]!.toLowerCase()}@juniper.example.com`,
    locationId,
    color: s.color,
    serviceIds: s.services.map((k) => services[k]!.id),
    weeklyHours: everyDay(s.hours),
  }));
  const customers: Customer[] = CUSTOMERS.map((c, i) => ({ id: demoId('customer', i), ...c }));

  const minute = 60_000;
  const nowMs = Math.floor(now.getTime() / minute) * minute;
  const clockMs = Math.min(Math.max(nowMs, at('11:00').toMillis()), at('16:00').toMillis());
  const clock = DateTime.fromMillis(clockMs, { zone: timeZone });
  const bookings: Booking[] = DAY.map(([s, hhmm, k, c], i) => {
    const start = at(hhmm);
    const end = start.plus({ minutes: services[k]!.durationMinutes });
    const status: Booking['status'] =
      end <= clock
        ? i === NO_SHOW
          ? 'no_show'
          : 'completed'
        : start <= clock
          ? 'in_service'
          : start.diff(clock, 'minutes').minutes <= 20
            ? 'checked_in'
            : 'booked';
    return {
      id: demoId('booking', i, date),
      serviceId: services[k]!.id,
      staffId: staff[s]!.id,
      customerId: customers[c]!.id,
      start: iso(start),
      end: iso(end),
      status,
      source: i % 4 === 1 ? 'phone' : i % 5 === 2 ? 'online' : 'desk',
    };
  });

  const busyStart = at('17:00');
  const busy: ExternalBusy[] = [
    {
      id: demoId('busy', 0, date),
      staffId: staff[2]!.id,
      subject: 'Supplier call',
      start: iso(busyStart),
      end: iso(busyStart.plus({ minutes: 30 })),
      durationMinutes: 30,
      source: 'google',
    },
  ];

  const queue = [
    { name: 'Sam Okafor', customerId: null, service: 1, arrivedMinutesAgo: 12 },
    { name: CUSTOMERS[14]!.name, customerId: customers[14]!.id, service: 3, arrivedMinutesAgo: 5 },
  ];
  // The same estimator the API runs; an imported busy block holds its staff like a booking does.
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const waits = estimateWalkInWaits({
    now: clockMs,
    staff: staff.map((member) => ({
      id: member.id,
      serviceIds: member.serviceIds,
      hours: (member.weeklyHours[WEEKDAYS[at('12:00').weekday - 1]!] ?? []).map(([a, b]) => ({
        start: at(a).toMillis(),
        end: at(b).toMillis(),
      })),
    })),
    services,
    bookings: [
      ...bookings.map((b) => toBusyBooking(b, serviceById.get(b.serviceId))),
      ...busy.map((block) => ({ ...toBusyBlock(block), status: 'booked' as const })),
    ],
    queue: queue.map((q, i) => ({ id: demoId('walkIn', i, date), serviceId: services[q.service]!.id })),
  });
  const walkIns: WalkIn[] = queue.map((q, i) => ({
    id: demoId('walkIn', i, date),
    customerId: q.customerId,
    customerName: q.name,
    serviceId: services[q.service]!.id,
    staffId: null,
    partySize: 1,
    status: 'waiting',
    arrivedAt: iso(clock.minus({ minutes: q.arrivedMinutesAgo })),
    position: i + 1,
    estimatedWaitMinutes: waits[i]!.estimatedWaitMinutes,
  }));

  return {
    business: { name: 'Juniper & Co. Hair Studio' },
    owner: { name: 'Rosa Alvarez', email: 'owner@juniper.example.com' },
    location,
    staff,
    services,
    customers,
    bookings,
    walkIns,
    busy,
  };
}
