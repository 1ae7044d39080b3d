/**
 * Work a window does not need for its first picture (the event stream, the problems list, the
 * connected calendars, rewriting the launch address) waits until that picture is on screen: before
 * it, each answer that arrives would draw the desk again while the receptionist still sees a blank
 * window. (The booking dialog's free times are asked for before it: B may come at once.)
 */

/** How long a window that paints no frames (hidden, minimised) keeps the work waiting. */
const HIDDEN_WAIT_MS = 100;

let painted: Promise<void> | null = null;

/**
 * Resolves in the first task after the window's next frame: called from the effects of the first
 * render, that is the frame that shows it. A hidden window runs no frames: it waits at most a moment.
 */
export function afterFirstPaint(): Promise<void> {
  painted ??= new Promise((resolve) => {
    if (document.visibilityState === 'hidden') return void setTimeout(resolve, 0);
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, HIDDEN_WAIT_MS);
  });
  return painted;
}
