/**
 * Who may do what on the front-desk routes (../shared/API.md "Roles"): owner and admin write
 * everything; receptionists write bookings, walk-ins and customers and read settings; staff read.
 * Guards run before the body is validated, so a role that may not write learns nothing of the shape.
 */
import type { preValidationAsyncHookHandler } from 'fastify';
import type { Role } from '../db/entities/platform.entities';
import { ForbiddenError } from '../errors';

/** Roles that run the desk: bookings, customers, `allowOverlap`. */
export const DESK_ROLES: readonly Role[] = ['owner', 'admin', 'receptionist'];

/** preValidation hook refusing (403) credentials whose role is not in `roles`. */
export function roleGuard(...roles: readonly Role[]): preValidationAsyncHookHandler {
  return async (request) => {
    if (!roles.includes(request.auth.role)) throw new ForbiddenError();
  };
}

/** Settings (locations, staff, services, custom fields) are written by owner and admin. */
export const settingsWriters = roleGuard('owner', 'admin');

/** Desk work (customers, bookings) is written by owner, admin and receptionist. */
export const deskWriters = roleGuard(...DESK_ROLES);
