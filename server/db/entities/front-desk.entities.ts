/**
 * Entity schemas of the front-desk tables (migration FrontDesk1764250000000): services, staff with
 * the services they perform and their time off, customers, custom booking fields, bookings and
 * imported external busy blocks. Same conventions as ./platform.entities.ts.
 */
import { EntitySchema } from 'typeorm';
import { columnTypes } from './platform.entities';
import type { Dialect } from './platform.entities';

export interface ServiceRow {
  tenantId: string;
  id: string;
  name: string;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minNoticeMinutes: number;
  maxAdvanceDays: number;
  priceCents: number | null;
  createdAt: Date;
}
export interface StaffRow {
  tenantId: string;
  id: string;
  name: string;
  email: string | null;
  locationId: string;
  color: string;
  weeklyHours: Record<string, [string, string][]>;
  createdAt: Date;
}
export interface StaffServiceRow {
  tenantId: string;
  staffId: string;
  serviceId: string;
  /** Keeps the order the client gave. */
  position: number;
}
export interface TimeOffRow {
  tenantId: string;
  id: string;
  staffId: string;
  startAt: Date;
  endAt: Date;
  reason: string | null;
  createdAt: Date;
}
export interface CustomerRow {
  tenantId: string;
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  notes: string | null;
  createdAt: Date;
}
export interface CustomFieldRow {
  tenantId: string;
  id: string;
  key: string;
  label: string;
  type: 'text' | 'number' | 'select' | 'checkbox';
  required: boolean;
  options: string[] | null;
  createdAt: Date;
}

/** Entity names of the front-desk tables. */
export const FRONT_DESK_ENTITY = {
  service: 'service',
  staff: 'staff',
  staffService: 'staff_service',
  timeOff: 'staff_time_off',
  customer: 'customer',
  customField: 'custom_field',
} as const;

/** Builds the front-desk entity schemas for one dialect (bookings and busy blocks use raw SQL). */
export function frontDeskEntities(dialect: Dialect): EntitySchema[] {
  const c = columnTypes(dialect);
  const int = (name: string, nullable = false) => ({ type: 'integer' as const, name, nullable });
  return [
    new EntitySchema<ServiceRow>({
      name: FRONT_DESK_ENTITY.service,
      tableName: 'services',
      columns: {
        tenantId: c.tenantKey(),
        id: c.idKey(),
        name: c.text('name'),
        durationMinutes: int('duration_minutes'),
        bufferBeforeMinutes: int('buffer_before_minutes'),
        bufferAfterMinutes: int('buffer_after_minutes'),
        minNoticeMinutes: int('min_notice_minutes'),
        maxAdvanceDays: int('max_advance_days'),
        priceCents: int('price_cents', true),
        createdAt: c.instant('created_at'),
      },
    }),
    new EntitySchema<StaffRow>({
      name: FRONT_DESK_ENTITY.staff,
      tableName: 'staff',
      columns: {
        tenantId: c.tenantKey(),
        id: c.idKey(),
        name: c.text('name'),
        email: c.text('email', true),
        locationId: c.uuid('location_id'),
        color: c.text('color'),
        weeklyHours: c.json('weekly_hours'),
        createdAt: c.instant('created_at'),
      },
    }),
    new EntitySchema<StaffServiceRow>({
      name: FRONT_DESK_ENTITY.staffService,
      tableName: 'staff_services',
      columns: {
        tenantId: c.tenantKey(),
        staffId: { ...c.uuid('staff_id'), primary: true },
        serviceId: { ...c.uuid('service_id'), primary: true },
        position: int('position'),
      },
    }),
    new EntitySchema<TimeOffRow>({
      name: FRONT_DESK_ENTITY.timeOff,
      tableName: 'staff_time_off',
      columns: {
        tenantId: c.tenantKey(),
        id: c.idKey(),
        staffId: c.uuid('staff_id'),
        startAt: c.instant('start_at'),
        endAt: c.instant('end_at'),
        reason: c.text('reason', true),
        createdAt: c.instant('created_at'),
      },
    }),
    new EntitySchema<CustomerRow>({
      name: FRONT_DESK_ENTITY.customer,
      tableName: 'customers',
      columns: {
        tenantId: c.tenantKey(),
        id: c.idKey(),
        name: c.text('name'),
        phone: c.text('phone', true),
        email: c.text('email', true),
        notes: c.text('notes', true),
        createdAt: c.instant('created_at'),
      },
    }),
    new EntitySchema<CustomFieldRow>({
      name: FRONT_DESK_ENTITY.customField,
      tableName: 'custom_fields',
      columns: {
        tenantId: c.tenantKey(),
        id: c.idKey(),
        key: c.text('key'),
        label: c.text('label'),
        type: c.text('type'),
        required: c.bool('required'),
        options: c.json('options', true),
        createdAt: c.instant('created_at'),
      },
    }),
  ];
}
