import { describe, expect, it } from 'vitest';
import { createCalendarProviders } from './calendar-providers';
import { createPkcePair } from './google-oauth';

describe(createCalendarProviders.name, () => {
  it('builds Google only when configured, with moved endpoints and the API.md callback', () => {
    const sut = createCalendarProviders(
      {
        google: { clientId: 'g-id', clientSecret: 'g-secret' },
        providerEndpoints: { GOOGLE_AUTH_URL: 'http://127.0.0.1:9/auth' },
      },
      'https://desk.example/',
    );

    expect(sut.microsoft).toBeUndefined();
    expect(sut.caldav.kind).toBe('caldav');
    const url = new URL(sut.google!.authorizeUrl('s', createPkcePair().codeChallenge));
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:9/auth');
    expect(url.searchParams.get('redirect_uri')).toBe(
      'https://desk.example/v1/calendar-connections/callback/google',
    );
  });
});
