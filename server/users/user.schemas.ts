/** Wire shapes of the user routes (../shared/API.md "Accounts and sign-in"). */
import { z } from 'zod';
import { Uuid } from '../../core/domain/schemas';
import { Email } from '../accounts/account.schemas';

/** Roles a user can be given; `owner` is never granted (there is one, the account's creator). */
export const GrantableRole = z.enum(['admin', 'receptionist', 'staff']);
export type GrantableRole = z.infer<typeof GrantableRole>;

export const CreateUserBody = z.strictObject({
  id: Uuid.optional(),
  name: z.string().trim().min(1).max(200),
  email: Email,
  role: GrantableRole,
  // Length and list rules live in the PasswordPolicy (422 naming body.password).
  password: z.string().max(1024),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z
  .strictObject({ name: z.string().trim().min(1).max(200).optional(), role: GrantableRole.optional() })
  .refine((body) => body.name !== undefined || body.role !== undefined, 'give name or role');
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const UserView = z.object({
  id: Uuid,
  name: z.string(),
  email: z.string(),
  role: z.enum(['owner', 'admin', 'receptionist', 'staff']),
  mfaEnabled: z.boolean(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof UserView>;

export const UserList = z.object({ items: z.array(UserView), nextCursor: z.string().nullable() });

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().max(1024),
  newPassword: z.string().max(1024),
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const IdParams = z.strictObject({ id: Uuid });

/** `?limit=&cursor=` of a list. */
export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
