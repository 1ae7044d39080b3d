import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from './logger';

describe(loggerOptions.name, () => {
  function logOnce(entry: Record<string, unknown>): string {
    let output = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      },
    });
    pino(loggerOptions('info'), sink).info(entry, 'event');
    return output;
  }

  it('redacts credentials and personal data at any of the first levels', () => {
    const secrets = [
      'Bearer bd_at_secret',
      'hunter2-passphrase',
      'ann@example.com',
      '+44 7700 900123',
      'bd_key_x',
    ];
    const output = logOnce({
      req: { headers: { authorization: secrets[0] }, method: 'GET', url: '/v1/me?code=abc', id: 'r1' },
      password: secrets[1],
      user: { email: secrets[2], phone: secrets[3] },
      body: { owner: { password: secrets[1] } },
      apiKey: secrets[4],
    });
    for (const secret of secrets) expect(output).not.toContain(secret);
    expect(output).toContain('[redacted]');
  });

  it('logs request paths without their query strings', () => {
    const output = logOnce({
      req: { method: 'GET', url: '/oauth/authorize?code_challenge=x&state=y', id: 'r2' },
    });
    expect(output).toContain('/oauth/authorize');
    expect(output).not.toContain('code_challenge');
  });
});
