/**
 * What the desk tells a receptionist about a change the API refused: what was attempted and why, in
 * plain words, naming staff, services and times the desk shows, never a customer's details (the
 * problems list is kept in the cache in clear). Texts of main's catalogue (core/i18n/), so the list
 * is said in the desk's language.
 */
import type { DeskMutation, DeskRows } from '../../core/domain/desk-mutations';
import type { DeskText } from '../../core/i18n/desk-texts';
import { deskText } from '../../core/i18n/desk-texts';

/**
 * The refusal in a receptionist's words: a slot taken names the staff member and the time the desk
 * showed (the server's own detail names neither); null where the server's reason is all there is.
 */
export function refusalInWords(
  rows: DeskRows,
  mutation: DeskMutation,
  problem: { type: string },
): DeskText | null {
  const booking =
    mutation.name === 'booking.create' || mutation.name === 'booking.update'
      ? rows.booking(mutation.args.id)
      : null;
  if (!problem.type.endsWith('/slot-taken') || !booking) return null;
  const staff = rows.staffMember(booking.staffId)?.name ?? deskText('word.theStaffMember');
  return deskText(
    'problem.slotTaken',
    { staff, start: Date.parse(booking.start), end: Date.parse(booking.end) },
    rows.location()?.timeZone,
  );
}

/** What a mutation tried, in words a receptionist recognises (no customer details). */
export function describeMutation(rows: DeskRows, mutation: DeskMutation): DeskText {
  const zone = rows.location()?.timeZone;
  const serviceName = (id: string | undefined) =>
    (id ? rows.service(id)?.name : undefined) ?? deskText('word.aService');
  const staffName = (id: string | undefined) =>
    id ? (rows.staffMember(id)?.name ?? deskText('word.someone')) : deskText('word.anyoneFree');
  switch (mutation.name) {
    case 'booking.create':
      return deskText(
        'attempted.book',
        {
          service: serviceName(mutation.args.serviceId),
          staff: staffName(mutation.args.staffId),
          start: Date.parse(mutation.args.start),
        },
        zone,
      );
    case 'booking.update': {
      const { start, staffId } = mutation.args;
      const values = {
        ...(start ? { start: Date.parse(start) } : {}),
        ...(staffId ? { staff: staffName(staffId) } : {}),
      };
      const id = start
        ? staffId
          ? 'attempted.moveToWith'
          : 'attempted.moveTo'
        : staffId
          ? 'attempted.moveWith'
          : 'attempted.move';
      return deskText(id, values, zone);
    }
    case 'booking.setStatus':
      return deskText('attempted.setStatus', { status: mutation.args.status });
    case 'booking.cancel':
      return deskText('attempted.cancel');
    case 'walkIn.create':
      return deskText('attempted.walkIn', { service: serviceName(mutation.args.serviceId) });
    case 'walkIn.action':
      return deskText('attempted.walkInAction', { action: mutation.args.action });
    case 'customer.create':
      return deskText('attempted.addCustomer');
    case 'customer.update':
      return deskText('attempted.changeCustomer');
  }
}
