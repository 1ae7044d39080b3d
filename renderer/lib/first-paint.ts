/**
 * Work a window does not need for its first picture (the event stream, the problems list, the
 * connected calendars, the booking dialog's free times kept warm) waits until that picture is on
 * screen: before it, each answer that arrives would draw the desk again while the receptionist still
 * sees a blank window.
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
    const done = () => setTimeout(resolve, 0);
    if (document.visibilityState === 'hidden') return void setTimeout(resolve, 0);
    requestAnimationFrame(done);
    setTimeout(resolve, HIDDEN_WAIT_MS);
  });
  return painted;
}
