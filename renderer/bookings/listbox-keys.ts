/**
 * The keys of a search box that owns a list of matches (a combobox, WAI-ARIA APG): ArrowDown and
 * ArrowUp move the highlight, wrapping round; Enter picks the highlighted match; Escape closes the list.
 */

/** What a key pressed in the search box does to its list of `count` matches, highlight at `active` (-1: none). */
export type ListboxKeyEffect =
  | { kind: 'highlight'; index: number }
  | { kind: 'pick'; index: number }
  | { kind: 'close' }
  /** Enter with nothing highlighted: swallowed, so it never submits the form the box is in. */
  | { kind: 'swallow' }
  | { kind: 'none' };

export function listboxKeyEffect(key: string, active: number, count: number): ListboxKeyEffect {
  switch (key) {
    case 'ArrowDown':
      return count > 0
        ? { kind: 'highlight', index: active + 1 >= count ? 0 : active + 1 }
        : { kind: 'none' };
    case 'ArrowUp':
      return count > 0
        ? { kind: 'highlight', index: active <= 0 ? count - 1 : active - 1 }
        : { kind: 'none' };
    case 'Enter':
      return active >= 0 && active < count ? { kind: 'pick', index: active } : { kind: 'swallow' };
    case 'Escape':
      return count > 0 ? { kind: 'close' } : { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}
