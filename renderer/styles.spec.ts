import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface CssRule {
  selector: string;
  declarations: string[];
}

/** styles.css's rules, each with its declarations as written (`color: #93370d`); comments dropped. */
function rulesOf(css: string): CssRule[] {
  const rules: CssRule[] = [];
  const plain = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const [, selector, body] of plain.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const declarations = body!
      .split(';')
      .map((d) => d.trim().replace(/\s+/g, ' '))
      .filter(Boolean);
    rules.push({ selector: selector!.trim().replace(/\s+/g, ' '), declarations });
  }
  return rules;
}

describe('styles.css', () => {
  const rules = rulesOf(readFileSync(new URL('./styles.css', import.meta.url), 'utf8'));

  it("draws every warning box with one rule (a time not free, a customer's notes)", () => {
    const warn = rules.find((r) => r.selector === '.form__warn')!;
    expect(warn.declarations.length).toBeGreaterThan(1);
    const repeats = rules.filter(
      (r) => r !== warn && warn.declarations.every((d) => r.declarations.includes(d)),
    );
    expect(repeats.map((r) => r.selector)).toEqual([]);
  });
});
