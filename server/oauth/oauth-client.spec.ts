import { describe, expect, it } from 'vitest';
import { DESKTOP_CLIENT_ID, isAllowedRedirectUri } from './oauth-client';

describe(isAllowedRedirectUri.name, () => {
  const allowed = (uri: string) => isAllowedRedirectUri(DESKTOP_CLIENT_ID, uri);

  it('accepts loopback IP literals with an explicit port, any path', () => {
    expect(allowed('http://127.0.0.1:53682/callback')).toBe(true);
    expect(allowed('http://127.0.0.1:1/')).toBe(true);
    expect(allowed('http://[::1]:8080/cb?x=1')).toBe(true);
  });

  it('refuses other hosts, schemes, missing ports, fragments, user info and odd spellings', () => {
    for (const uri of [
      'http://localhost:53682/callback',
      'https://127.0.0.1:53682/callback',
      'http://127.0.0.1/callback',
      'http://127.0.0.1:80/callback',
      'http://127.0.0.2:53682/callback',
      'http://127.0.0.1:53682/cb#x',
      'http://user@127.0.0.1:53682/cb',
      'http://0x7f.0.0.1:53682/cb',
      'http://127.1:53682/cb',
      'http://127.0.0.1.evil.example:53682/cb',
      'custom-scheme:/callback',
      '',
    ]) {
      expect(allowed(uri), uri).toBe(false);
    }
  });

  it('knows only the desktop client', () => {
    expect(isAllowedRedirectUri('other-client', 'http://127.0.0.1:53682/callback')).toBe(false);
  });
});
