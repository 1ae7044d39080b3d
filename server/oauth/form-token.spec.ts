import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FORM_TOKEN_SECONDS, FormTokenSigner } from './form-token';

describe(FormTokenSigner.name, () => {
  const params = { client_id: 'bookdesk-desktop', redirect_uri: 'http://127.0.0.1:5000/cb', state: 'abc' };
  let now = new Date('2026-11-27T10:00:00Z');
  const sut = new FormTokenSigner(randomBytes(32), () => now);

  it('verifies a token for exactly the parameters it was issued for', () => {
    const token = sut.sign(params);
    expect(sut.verify(token, params)).toBe(true);
    expect(sut.verify(token, { ...params, redirect_uri: 'http://127.0.0.1:6000/cb' })).toBe(false);
    expect(sut.verify(token, { client_id: params.client_id, redirect_uri: params.redirect_uri })).toBe(false);
    expect(sut.verify(token, { ...params, extra: 'x' })).toBe(false);
  });

  it('refuses an expired, altered, malformed or foreign token', () => {
    const token = sut.sign(params);
    const [expires, nonce, mac] = token.split('.');
    expect(sut.verify(`${Number(expires) + 60}.${nonce}.${mac}`, params)).toBe(false);
    expect(sut.verify(`${expires}.${nonce}x.${mac}`, params)).toBe(false);
    expect(sut.verify('garbage', params)).toBe(false);
    expect(new FormTokenSigner(randomBytes(32), () => now).verify(token, params)).toBe(false);
    now = new Date(now.getTime() + FORM_TOKEN_SECONDS * 1000);
    expect(sut.verify(token, params)).toBe(false);
  });
});
