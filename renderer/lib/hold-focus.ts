/**
 * Keeps the keyboard on what was just acted on while main redraws it. After a change the element that
 * had the keyboard may be gone (a party that left the queue, a booking redrawn in another column,
 * a dialog's opener): the page then gives the keyboard to <body> and a keyboard user starts over.
 * Until the user's next key or click, whenever nothing has the keyboard, `find`'s element gets it.
 */
type Find = () => HTMLElement | null | undefined;

let release: (() => void) | null = null;

export function holdFocus(find: Find): void {
  release?.();
  const lost = () => !document.activeElement || document.activeElement === document.body;
  const give = () => {
    if (lost()) find()?.focus();
  };
  const observer = new MutationObserver(give);
  observer.observe(document.body, { childList: true, subtree: true });
  const frame = requestAnimationFrame(give);
  const stop = () => {
    observer.disconnect();
    cancelAnimationFrame(frame);
    window.removeEventListener('keydown', stop, true);
    window.removeEventListener('pointerdown', stop, true);
    if (release === stop) release = null;
  };
  // The user has moved on: what they do next decides where the keyboard goes.
  window.addEventListener('keydown', stop, true);
  window.addEventListener('pointerdown', stop, true);
  release = stop;
}

/** A booking block on the day grid, by id. */
export const bookingBlock = (id: string) =>
  document.querySelector<HTMLElement>(`.booking[data-booking-id="${CSS.escape(id)}"]`);

/** A staff member's column on the day grid, by staff id. */
export const staffLane = (staffId: string) =>
  document.querySelector<HTMLElement>(`.lane[data-staff-id="${CSS.escape(staffId)}"]`);
