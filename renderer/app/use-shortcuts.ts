/**
 * Single-key shortcuts of the desk window (N: new walk-in, B: new booking), ignored while a text box
 * has the keyboard or a dialog is open, so typing a name never opens a dialog. They are keyed by
 * `KeyboardEvent.code` (`KeyN`), the physical key: with a Persian layout N types "د", and the shortcut
 * still works.
 */
import { useEffect, useRef } from 'react';

/** Actions by `KeyboardEvent.code`: `{ KeyN: openWalkIn }`. */
export type Shortcuts = Record<string, () => void>;

/** The action a plain key press takes, by its physical key whatever the layout; none when modified. */
export function shortcutFor(
  shortcuts: Shortcuts,
  event: Pick<KeyboardEvent, 'code' | 'ctrlKey' | 'metaKey' | 'altKey'>,
): (() => void) | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  return Object.hasOwn(shortcuts, event.code) ? shortcuts[event.code] : undefined;
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function useShortcuts(shortcuts: Shortcuts): void {
  const current = useRef(shortcuts);
  current.current = shortcuts;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if (isTyping(event.target) || document.querySelector('dialog[open]')) return;
      const action = shortcutFor(current.current, event);
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
