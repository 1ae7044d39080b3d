/**
 * What the desk tells a receptionist about a change the API refused: what was attempted and why, in
 * plain words, naming staff, services and times the desk shows, never a customer's details (the
 * problems list is kept in the cache in clear).
 */
import type { DeskMutation, DeskRows } from '../../core/domain/desk-mutations';

/**
 * The refusal in a receptionist's words: a slot taken names the staff member and the time the desk
 * showed (the server's own detail names neither).
 */
export function refusalInWords(
  rows: DeskRows,
  mutation: DeskMutation,
  problem: { type: string; reason: string },
): string {
  const booking =
    mutation.name === 'booking.create' || mutation.name === 'booking.update'
      ? rows.booking(mutation.args.id)
      : null;
  if (!problem.type.endsWith('/slot-taken') || !booking) return problem.reason;
  const zone = rows.location()?.timeZone ?? 'UTC';
  const hhmm = (iso: string) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(
      new Date(iso),
    );
  const staff = rows.staffMember(booking.staffId)?.name ?? 'The staff member';
  return `Slot taken: ${staff} already has ${hhmm(booking.start)}–${hhmm(booking.end)}`;
}

/** What a mutation tried, in words a receptionist recognises (no customer details). */
export function describeMutation(rows: DeskRows, mutation: DeskMutation): string {
  const zone = rows.location()?.timeZone ?? 'UTC';
  const time = (iso: string | undefined) =>
    iso
      ? new Intl.DateTimeFormat('en-GB', {
          timeZone: zone,
          dateStyle: 'medium',
          timeStyle: 'short',
        }).format(new Date(iso))
      : '';
  const serviceName = (id: string | undefined) =>
    id ? (rows.service(id)?.name ?? 'a service') : 'a service';
  const staffName = (id: string | undefined) =>
    id ? (rows.staffMember(id)?.name ?? 'someone') : 'anyone free';
  switch (mutation.name) {
    case 'booking.create':
      return `Book ${serviceName(mutation.args.serviceId)} with ${staffName(mutation.args.staffId)}, ${time(mutation.args.start)}`;
    case 'booking.update':
      return `Move a booking${mutation.args.start ? ` to ${time(mutation.args.start)}` : ''}${mutation.args.staffId ? ` with ${staffName(mutation.args.staffId)}` : ''}`;
    case 'booking.setStatus':
      return `Mark a booking ${mutation.args.status.replace('_', ' ')}`;
    case 'booking.cancel':
      return 'Cancel a booking';
    case 'walkIn.create':
      return `Add a walk-in for ${serviceName(mutation.args.serviceId)}`;
    case 'walkIn.action':
      return `${{ call: 'Call', start: 'Start', no_show: 'Mark no-show for', leave: 'Mark as left' }[mutation.args.action]} a walk-in`;
    case 'customer.create':
      return 'Add a customer';
    case 'customer.update':
      return "Change a customer's details";
  }
}
