import { describe, expect, it } from 'vitest';
import { listboxKeyEffect } from './listbox-keys';

describe(listboxKeyEffect.name, () => {
  it('moves the highlight down from none to the first match, and wraps from the last to the first', () => {
    expect(listboxKeyEffect('ArrowDown', -1, 3)).toEqual({ kind: 'highlight', index: 0 });
    expect(listboxKeyEffect('ArrowDown', 0, 3)).toEqual({ kind: 'highlight', index: 1 });
    expect(listboxKeyEffect('ArrowDown', 2, 3)).toEqual({ kind: 'highlight', index: 0 });
  });

  it('moves the highlight up, from none or the first match to the last', () => {
    expect(listboxKeyEffect('ArrowUp', -1, 3)).toEqual({ kind: 'highlight', index: 2 });
    expect(listboxKeyEffect('ArrowUp', 0, 3)).toEqual({ kind: 'highlight', index: 2 });
    expect(listboxKeyEffect('ArrowUp', 2, 3)).toEqual({ kind: 'highlight', index: 1 });
  });

  it('picks the highlighted match on Enter', () => {
    expect(listboxKeyEffect('Enter', 1, 3)).toEqual({ kind: 'pick', index: 1 });
  });

  it('swallows Enter with nothing highlighted, so the form is not submitted without a customer', () => {
    expect(listboxKeyEffect('Enter', -1, 3)).toEqual({ kind: 'swallow' });
    expect(listboxKeyEffect('Enter', -1, 0)).toEqual({ kind: 'swallow' });
  });

  it('closes an open list on Escape, and leaves Escape to the dialog when there is no list', () => {
    expect(listboxKeyEffect('Escape', 0, 3)).toEqual({ kind: 'close' });
    expect(listboxKeyEffect('Escape', -1, 0)).toEqual({ kind: 'none' });
  });

  it('does nothing for arrows without matches, or for other keys', () => {
    expect(listboxKeyEffect('ArrowDown', -1, 0)).toEqual({ kind: 'none' });
    expect(listboxKeyEffect('a', 0, 3)).toEqual({ kind: 'none' });
  });
});
