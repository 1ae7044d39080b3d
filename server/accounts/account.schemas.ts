/** Wire shapes of the account routes (../shared/API.md "Accounts and sign-in"). */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { TimeZoneName, Uuid } from '../../core/domain/schemas';

export const IanaTimeZone = TimeZoneName.refine(
  (zone) => IANAZone.isValidZone(zone),
  'unknown IANA time zone',
);
/** Data-residency region slug, e.g. `eu`, `us-east`. */
export const Region = z.string().regex(/^[a-z]{2}[a-z0-9-]{0,30}$/, 'expected a region slug like "eu"');
export const DEFAULT_REGION = 'default';
export const Email = z.email().max(254);

export const SignupBody = z.strictObject({
  business: z.strictObject({
    name: z.string().trim().min(1).max(200),
    timeZone: IanaTimeZone,
    region: Region.optional(),
  }),
  owner: z.strictObject({
    name: z.string().trim().min(1).max(200),
    email: Email,
    // Length rules live in the PasswordPolicy (422 naming the field); this only caps the size.
    password: z.string().max(1024),
  }),
});
export type SignupBody = z.infer<typeof SignupBody>;

export const SignupResult = z.object({ tenantId: Uuid, userId: Uuid, locationId: Uuid });
export type SignupResult = z.infer<typeof SignupResult>;

export const Me = z.object({
  user: z.object({
    id: Uuid,
    name: z.string(),
    email: z.string(),
    role: z.enum(['owner', 'admin', 'receptionist', 'staff']),
  }),
  tenant: z.object({ id: Uuid, name: z.string(), timeZone: z.string(), region: z.string() }),
});
export type Me = z.infer<typeof Me>;
