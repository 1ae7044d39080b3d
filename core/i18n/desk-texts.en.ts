/**
 * The English catalogue of the texts main composes (ICU message syntax; core/i18n/desk-texts.ts).
 * Status names in `select`s are the API's status values.
 */
/** A booking status (the API's value) in words, for `{status, select, ...}`. */
const STATUS =
  'booked {booked} checked_in {checked in} in_service {in service} completed {completed} no_show {no show} other {cancelled}';

export const deskTextsEn = {
  // Why the desk refuses a change at once (core/domain/desk-mutations.ts).
  'refusal.serviceNotHere': 'That service is not on this desk.',
  'refusal.bookingNotHere': 'That booking is not on this desk.',
  'refusal.walkInNotHere': 'That walk-in is not on this desk.',
  'refusal.customerNotHere': 'That customer is not on this desk.',
  'refusal.staffNotHere': 'That staff member is not on this desk.',
  'refusal.nobodyFree': 'Nobody who performs this service is free then.',
  'refusal.statusMove': `A {from, select, ${STATUS}} booking cannot become {to, select, ${STATUS}}.`,
  'refusal.walkInDone':
    'This walk-in has already {status, select, called {called} started {started} no_show {no show} other {left}}.',
  'refusal.slotTaken': 'Slot taken: {staff} already has {start, time, hm}–{end, time, hm}.',
  'refusal.slotBusy': 'Slot taken: {staff} is busy {start, time, hm}–{end, time, hm} ({subject}).',
  'refusal.notWorking': '{staff} is not working then.',

  // A change the API refused: what it tried and why (main/desk/desk-words.ts).
  'problem.slotTaken': 'Slot taken: {staff} already has {start, time, hm}–{end, time, hm}',
  'problem.unreadable': 'This desk can no longer read it, so it was not sent. Please make it again.',
  // The API's own reason (its `detail`, in its words) for a refusal the desk cannot say itself.
  'problem.serverSlotTaken': 'Slot taken: {detail}',
  'problem.serverSlotTakenFirst': 'Slot taken: someone else booked that time first.',
  'problem.serverNotPossible': 'Not possible any more: {detail}',
  'problem.serverNotPossibleBare': 'Not possible any more.',
  'problem.serverExists': 'Already exists on the server.',
  'problem.serverRefused': 'Refused by the server.',
  'problem.outsideHours': 'Outside the staff member’s working hours.',
  'problem.tooSoon': 'Too soon: bookings need {minutes, number} minutes’ notice.',
  'problem.tooFarAhead': 'Too far ahead: bookings open at most {days, number} days ahead.',
  'attempted.book': 'Book {service} with {staff}, {start, date, when}',
  'attempted.move': 'Move a booking',
  'attempted.moveTo': 'Move a booking to {start, date, when}',
  'attempted.moveWith': 'Move a booking with {staff}',
  'attempted.moveToWith': 'Move a booking to {start, date, when} with {staff}',
  'attempted.setStatus': `Mark a booking {status, select, ${STATUS}}`,
  'attempted.cancel': 'Cancel a booking',
  'attempted.walkIn': 'Add a walk-in for {service}',
  'attempted.walkInAction':
    '{action, select, call {Call a walk-in} start {Start a walk-in} no_show {Mark no-show for a walk-in} other {Mark as left a walk-in}}',
  'attempted.addCustomer': 'Add a customer',
  'attempted.changeCustomer': "Change a customer's details",
  'attempted.unreadable': 'A change saved on {at, date, when} UTC',

  // Words that stand in for a name the cache does not have.
  'word.aService': 'a service',
  'word.someone': 'someone',
  'word.anyoneFree': 'anyone free',
  'word.theStaffMember': 'The staff member',
  'word.aWalkIn': 'A walk-in',
  'word.aCustomer': 'A customer',
  'word.service': 'service',
  'word.staff': 'staff',

  // main's own errors.
  'desk.signInToUse': 'Sign in to use the desk.',
  'desk.signInToSee': 'Sign in to see the desk.',
  'desk.notDownloaded': 'The schedule has not been downloaded yet.',
  'desk.serviceNotHereYet': 'That service is not on this desk yet.',
  'desk.customerNotCached': 'This customer is not in the local cache.',
  'desk.signInToManageCalendars': 'Sign in to manage calendars.',
  'desk.serverUnreachable': 'The server cannot be reached; try again when the line is back.',
  'desk.couldNotReach': 'Could not reach {server}.',
  'desk.meUnanswered': '{server} did not say who signed in ({status}).',

  // The IPC gate's own answers (main/ipc/ipc-registry.ts).
  'ipc.internal': 'Something went wrong. Please try again.',
  'ipc.forbidden': 'This window may not call Bookdesk.',

  // A server address the desk will not sign in to (main/session/account-files.ts).
  'address.notWeb': '"{input}" is not a web address.',
  'address.notSecure': 'Bookdesk signs in over https only (http only to this computer).',
  'address.userName': 'The address may not carry a user name.',

  // Why a sign-in failed (main/session/sign-in-failure.ts).
  'signIn.timeout': 'The sign-in was not finished in the browser within 5 minutes.',
  'signIn.cancelled': 'Sign-in was cancelled.',
  'signIn.stateMismatch': 'The browser came back from a different sign-in. Please try again.',
  'signIn.accessDenied': 'The sign-in was refused in the browser.',
  'signIn.invalidGrant': 'The server refused the sign-in. Please try again.',
  'signIn.tokenExchangeFailed': 'The server could not finish the sign-in now.',
  'signIn.notSignedIn': 'Not signed in.',

  // Desktop notifications (main/shell/desk-notifications.ts).
  'notice.walkInOverdue.title': 'Walk-in waiting too long',
  'notice.walkInOverdue.body':
    '{name} ({service}) has waited {waited, number} min, {late, number} min past the estimate.',
  'notice.arriving.title': 'Next appointment in {minutes, number} min',
  'notice.arriving.body': '{name} · {service} with {staff} at {start, time, hm}',
} as const;
