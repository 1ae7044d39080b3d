import { describe, expect, it } from 'vitest';
import { sayDeskText } from '../i18n/desk-text';
import { refusalWords } from './refusal-words';

const said = (language: 'en' | 'fa', problem: Parameters<typeof refusalWords>[0]) => {
  const words = refusalWords(problem);
  return typeof words === 'string' ? words : sayDeskText(language, words);
};
const validation = (detail: string) => ({
  type: 'https://bookdesk.app/problems/validation',
  title: 'Unprocessable Entity',
  detail,
});

describe(refusalWords.name, () => {
  it('says a start outside working hours in words, in English and in Persian', () => {
    const problem = validation('body.start: outside working hours');
    expect(said('en', problem)).toBe('Outside the staff member’s working hours.');
    expect(said('fa', problem)).toBe('بیرون از ساعت کاری کارمند است.');
  });

  it('says the notice and advance limits with their numbers', () => {
    expect(said('en', validation("body.start: bookings need 30 minutes' notice"))).toBe(
      'Too soon: bookings need 30 minutes’ notice.',
    );
    expect(said('fa', validation('body.start: bookings open at most 60 days ahead'))).toContain('۶۰');
  });

  it('knows a refusal by its structured errors when its detail is worded otherwise', () => {
    const reworded = (detail: string, message: string) => ({
      ...validation(detail),
      errors: [{ path: 'body.start', message }],
    });
    expect(said('en', reworded('the start is not within the hours', 'outside working hours'))).toBe(
      'Outside the staff member’s working hours.',
    );
    expect(said('fa', reworded('invalid start', 'outside working hours'))).toBe(
      'بیرون از ساعت کاری کارمند است.',
    );
    expect(said('en', reworded('too soon', "bookings need 45 minutes' notice"))).toBe(
      'Too soon: bookings need 45 minutes’ notice.',
    );
    // The errors are the key: another field's error is not read as the start's, whatever the detail.
    const other = {
      ...validation('body.start: outside working hours'),
      errors: [{ path: 'body.end', message: 'outside working hours' }],
    };
    expect(said('en', other)).toBe('Unprocessable Entity: body.start: outside working hours');
  });

  it("keeps the API's own words for a refusal it does not know", () => {
    expect(said('en', validation('body.name: too long'))).toBe('Unprocessable Entity: body.name: too long');
    expect(said('en', undefined)).toBe('Refused by the server.');
  });
});
