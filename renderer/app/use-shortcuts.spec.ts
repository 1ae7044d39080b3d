import { describe, expect, it } from 'vitest';
import { shortcutFor } from './use-shortcuts';

describe(shortcutFor.name, () => {
  const newWalkIn = () => undefined;
  const shortcuts = { KeyN: newWalkIn };
  const press = (key: string, code: string, ctrlKey = false) => ({
    key,
    code,
    ctrlKey,
    metaKey: false,
    altKey: false,
  });

  it('takes the shortcut by the physical key: N with an English or a Persian layout', () => {
    expect(shortcutFor(shortcuts, press('n', 'KeyN'))).toBe(newWalkIn);
    expect(shortcutFor(shortcuts, press('د', 'KeyN'))).toBe(newWalkIn);
  });

  it('takes none for another key, a modified press or an inherited name', () => {
    expect(shortcutFor(shortcuts, press('b', 'KeyB'))).toBeUndefined();
    expect(shortcutFor(shortcuts, press('n', 'KeyN', true))).toBeUndefined();
    expect(shortcutFor(shortcuts, press('', 'toString'))).toBeUndefined();
  });
});
