import { describe, expect, it } from 'vitest';
import { gridStepAt } from './grid-snap';

const day = { start: 8 * 60, end: 19 * 60 };

describe(gridStepAt.name, () => {
  it('puts the keyboard cursor of the current minute on the quarter hour it falls in', () => {
    expect(gridStepAt(day, 15 * 60 + 47)).toBe(15 * 60 + 45);
    expect(gridStepAt(day, 16 * 60 + 2)).toBe(16 * 60);
  });

  it('leaves a quarter hour where it is', () => {
    expect(gridStepAt(day, 16 * 60 + 15)).toBe(16 * 60 + 15);
  });

  it('keeps the step inside the day’s window', () => {
    expect(gridStepAt(day, 7 * 60 + 50)).toBe(8 * 60);
    expect(gridStepAt(day, 19 * 60)).toBe(18 * 60 + 45);
  });

  it('counts steps from the window’s start, as a click on the lane does', () => {
    expect(gridStepAt({ start: 8 * 60 + 30, end: 12 * 60 }, 9 * 60 + 44)).toBe(9 * 60 + 30);
  });
});
