/**
 * How rows carrying personal data are laid out in the cache: the fields a schedule query needs stay in
 * plain columns and the `data` JSON; a customer's name, phone, e-mail and notes, a walk-in's name and
 * notes, and a booking's notes and custom fields are sealed with the cache's {@link CacheCipher}
 * (customers one column per field, bookings and walk-ins one `sealed` column). Everything that writes
 * or reads these tables goes through these functions, so nothing personal reaches the file in clear.
 */
import type { Booking, Customer, WalkIn } from '../../core/domain/schemas';
import type { CacheCipher } from './cache.cipher';

/** A customers row as stored. */
export interface SealedCustomerRow {
  id: string;
  sealed_name: Buffer;
  sealed_phone: Buffer | null;
  sealed_email: Buffer | null;
  sealed_notes: Buffer | null;
  pending: number;
  /** The customer's remaining, non-personal fields (none today). */
  data: string;
}

/** Column order of {@link sealCustomer}'s values. */
export const CUSTOMER_COLUMNS = [
  'id',
  'sealed_name',
  'sealed_phone',
  'sealed_email',
  'sealed_notes',
  'pending',
  'data',
] as const;

const cell = (table: string, column: string, rowId: string) => ({ table, column, rowId });

/** The values of one customers row, in {@link CUSTOMER_COLUMNS} order. */
export function sealCustomer(cipher: CacheCipher, customer: Customer, pending: boolean): unknown[] {
  const { id, name, phone, email, notes, ...rest } = customer;
  return [
    id,
    cipher.encrypt(name, cell('customers', 'name', id)),
    cipher.encryptOptional(phone, cell('customers', 'phone', id)),
    cipher.encryptOptional(email, cell('customers', 'email', id)),
    cipher.encryptOptional(notes, cell('customers', 'notes', id)),
    pending ? 1 : 0,
    JSON.stringify(rest),
  ];
}

export function openCustomer(cipher: CacheCipher, row: SealedCustomerRow): Customer {
  const phone = cipher.decryptOptional(row.sealed_phone, cell('customers', 'phone', row.id));
  const email = cipher.decryptOptional(row.sealed_email, cell('customers', 'email', row.id));
  const notes = cipher.decryptOptional(row.sealed_notes, cell('customers', 'notes', row.id));
  return {
    ...(JSON.parse(row.data) as object),
    id: row.id,
    name: cipher.decrypt(row.sealed_name, cell('customers', 'name', row.id)),
    ...(phone === null ? {} : { phone }),
    ...(email === null ? {} : { email }),
    ...(notes === null ? {} : { notes }),
  };
}

/** Only a customer's name (the schedule's join), without decrypting the rest. */
export const openCustomerName = (cipher: CacheCipher, id: string, sealedName: Buffer): string =>
  cipher.decrypt(sealedName, cell('customers', 'name', id));

/** A bookings or walk_ins row's `data` (plain) and `sealed` (personal fields) values. */
export interface SplitRow {
  data: string;
  sealed: Buffer | null;
}

function split<T extends { id: string }>(
  cipher: CacheCipher,
  table: string,
  row: T,
  personal: readonly (keyof T)[],
): SplitRow {
  const plain: Record<string, unknown> = { ...row };
  const secret: Record<string, unknown> = {};
  for (const key of personal) {
    if (row[key] === undefined) continue;
    secret[key as string] = row[key];
    delete plain[key as string];
  }
  return {
    data: JSON.stringify(plain),
    sealed: Object.keys(secret).length
      ? cipher.encrypt(JSON.stringify(secret), cell(table, 'sealed', row.id))
      : null,
  };
}

function join<T>(cipher: CacheCipher, table: string, id: string, row: SplitRow): T {
  const plain = JSON.parse(row.data) as T;
  if (row.sealed === null) return plain;
  return { ...plain, ...(JSON.parse(cipher.decrypt(row.sealed, cell(table, 'sealed', id))) as object) };
}

const BOOKING_PERSONAL = ['notes', 'fields'] as const satisfies readonly (keyof Booking)[];
const WALK_IN_PERSONAL = ['customerName', 'notes'] as const satisfies readonly (keyof WalkIn)[];

export const sealBooking = (cipher: CacheCipher, booking: Booking): SplitRow =>
  split(cipher, 'bookings', booking, BOOKING_PERSONAL);

export const openBooking = (cipher: CacheCipher, id: string, row: SplitRow): Booking =>
  join<Booking>(cipher, 'bookings', id, row);

export const sealWalkIn = (cipher: CacheCipher, walkIn: WalkIn): SplitRow =>
  split(cipher, 'walk_ins', walkIn, WALK_IN_PERSONAL);

export const openWalkIn = (cipher: CacheCipher, id: string, row: SplitRow): WalkIn =>
  join<WalkIn>(cipher, 'walk_ins', id, row);
