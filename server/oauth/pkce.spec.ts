import { describe, expect, it } from 'vitest';
import { isValidCodeVerifier, isValidS256Challenge, s256Challenge, verifierMatches } from './pkce';

describe('PKCE S256', () => {
  // RFC 7636 Appendix B.
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

  it('computes the RFC 7636 example challenge', () => {
    expect(s256Challenge(verifier)).toBe(challenge);
    expect(isValidS256Challenge(challenge)).toBe(true);
  });

  it('matches only the verifier the challenge was made from', () => {
    expect(verifierMatches(verifier, challenge)).toBe(true);
    expect(verifierMatches(verifier.replace('d', 'e'), challenge)).toBe(false);
  });

  it('refuses verifiers outside 43–128 unreserved characters', () => {
    expect(isValidCodeVerifier('a'.repeat(42))).toBe(false);
    expect(isValidCodeVerifier('a'.repeat(129))).toBe(false);
    expect(isValidCodeVerifier(`${'a'.repeat(42)}!`)).toBe(false);
    expect(verifierMatches('short', s256Challenge('short'))).toBe(false);
  });
});
