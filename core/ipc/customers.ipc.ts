/**
 * The `customers` domain: find a customer at the desk (by name, phone or e-mail) and open one with
 * their booking history, both from the local cache, so they answer offline and without waiting.
 */
import { z } from 'zod';
import { CreateCustomerBody, UpdateCustomerBody } from '../domain/requests';
import { Booking, Customer, Uuid } from '../domain/schemas';
import { DeskReceipt } from './bookings.ipc';
import { channel } from './channel';

/** A customer as the desk holds it: `pending` while the desk's own change awaits the API. */
export const DeskCustomer = Customer.extend({ pending: z.boolean() });
export type DeskCustomer = z.infer<typeof DeskCustomer>;

export const CustomerSearchArgs = z
  .object({
    /** Part of a name (any order of words, any case, Persian or Arabic letter forms), a phone or an e-mail. */
    query: z.string().trim().min(1).max(200),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .strict();

export const CustomerSearchResult = z.object({
  /** Best matches first: name starts with the query, then a word does, then anywhere, then phone/e-mail. */
  customers: z.array(DeskCustomer),
  /** More customers matched than `limit`. */
  truncated: z.boolean(),
});
export type CustomerSearchResult = z.infer<typeof CustomerSearchResult>;

/** One booking of a customer's history, with the names the card shows. */
export const CustomerBooking = Booking.extend({
  serviceName: z.string().nullable(),
  staffName: z.string().nullable(),
  pending: z.boolean(),
});
export type CustomerBooking = z.infer<typeof CustomerBooking>;

export const CustomerDetail = z.object({
  customer: DeskCustomer,
  /** Cached bookings, latest first (at most `CUSTOMER_HISTORY_LIMIT`). */
  bookings: z.array(CustomerBooking),
  /** How many cached bookings the customer has in all. */
  bookingCount: z.number().int().min(0),
});
export type CustomerDetail = z.infer<typeof CustomerDetail>;

export const CUSTOMER_HISTORY_LIMIT = 200;

export const customersIpc = {
  'customers:search': channel(CustomerSearchArgs, CustomerSearchResult),
  'customers:get': channel(z.object({ id: Uuid }).strict(), CustomerDetail),
  /** Desk actions (push mutations `customer.create|update`), applied to the cache at once. */
  'customers:create': channel(CreateCustomerBody, DeskReceipt),
  'customers:update': channel(UpdateCustomerBody.extend({ id: Uuid }).strict(), DeskReceipt),
} as const;
