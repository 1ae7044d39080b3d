import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { parse } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { deskText } from '../../core/i18n/desk-texts';
import type { DeskTextId } from '../../core/i18n/desk-texts';
import { deskTextsEn } from '../../core/i18n/desk-texts.en';
import { deskTextsFa } from '../../core/i18n/desk-texts.fa';
import { sayDeskText } from './desk-text';

/** The arguments a message takes, with their kind (`time`, `number`, `select`, plain). */
function argumentsOf(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === 0 || element.type === 7 || element.type === 8) continue;
      found.add(`${element.value}:${element.type}${'style' in element ? `:${String(element.style)}` : ''}`);
      if ('options' in element)
        for (const option of Object.values(element.options) as { value: MessageFormatElement[] }[])
          walk(option.value);
    }
  };
  walk(parse(message));
  return [...found].sort();
}

describe(sayDeskText.name, () => {
  it('has every English text in Persian, with the same arguments of the same kinds', () => {
    for (const id of Object.keys(deskTextsEn) as DeskTextId[])
      expect(argumentsOf(deskTextsFa[id]), id).toEqual(argumentsOf(deskTextsEn[id]));
  });

  it("says times in the location's zone, in each language's digits", () => {
    const start = Date.parse('2026-12-02T14:30:00Z');
    const text = deskText(
      'refusal.slotTaken',
      { staff: 'Dana', start, end: start + 3_600_000 },
      'Asia/Tehran',
    );

    expect(sayDeskText('en', text)).toBe('Slot taken: Dana already has 18:00–19:00.');
    expect(sayDeskText('fa', text)).toBe('زمان پر است: Dana از ۱۸:۰۰ تا ۱۹:۰۰ نوبت دارد.');
  });

  it('says a word standing in for a name in the same language, and plain values as given', () => {
    const text = deskText('attempted.walkIn', { service: deskText('word.aService') });

    expect(sayDeskText('en', text)).toBe('Add a walk-in for a service');
    expect(sayDeskText('fa', text)).toBe('افزودن مراجعهٔ حضوری برای یک خدمت');
    expect(sayDeskText('fa', deskText('refusal.statusMove', { from: 'completed', to: 'no_show' }))).toBe(
      'نوبتِ انجام شده نمی‌تواند نیامده شود.',
    );
  });
});
