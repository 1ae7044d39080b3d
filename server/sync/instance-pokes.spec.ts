/** parsePoke: what the LISTEN connection accepts on POKE_CHANNEL. */
import { describe, expect, it } from 'vitest';
import { parsePoke } from './instance-pokes';

describe(parsePoke.name, () => {
  const instance = '6f1c1c4e-9d1a-4a57-8a59-0d8d1f1e2a3b';
  const tenant = '0b4c9f0e-2f6d-4c8e-9a1b-3c5d7e9f1a2b';

  it('reads `<instance>:<tenant>:<version>` and the previous version\u2019s `<tenant>:<version>`', () => {
    expect(parsePoke(`${instance}:${tenant}:42`)).toEqual({ from: instance, tenantId: tenant, version: 42 });
    expect(parsePoke(`${tenant}:42`)).toEqual({ from: null, tenantId: tenant, version: 42 });
  });

  it('refuses anything else', () => {
    for (const payload of [
      `${instance}:${tenant}:`,
      `${instance}:${tenant}:5:junk`,
      `x:${tenant}:5`,
      `${tenant}:-1`,
      '',
    ]) {
      expect(parsePoke(payload), payload).toBeNull();
    }
  });
});
