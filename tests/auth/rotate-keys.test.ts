/**
 * Master-key rotation: every encrypted column is re-encrypted under the newest key, the run is
 * idempotent, values that do not authenticate are reported and left alone, and everything still works
 * once the old key is gone. Through the service and through the `rotate-keys` command. Both stores.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptedColumnRepository } from '../../server/cli/encrypted-column.repository';
import { TOTP_PERIOD_SECONDS } from '../../server/auth/totp.authenticator';
import { KeyRotationService } from '../../server/cli/key-rotation.service';
import { seedTenant } from '../support/api';
import type { SeededTenant } from '../support/api';
import { createTestDatabase, STORES } from '../support/db';
import type { TestDatabase } from '../support/db';
import { startAuthApp } from './support/auth-app';
import type { AuthApp } from './support/auth-app';
import { callApi, signIn } from './support/oauth-client';

const run = promisify(execFile);
const key = () => randomBytes(32).toString('base64');

describe.each(STORES)(`${KeyRotationService.name} on %s`, (store) => {
  let db: TestDatabase;
  const k1 = `k1:${key()}`;
  const k2 = `k2:${key()}`;

  beforeAll(async () => {
    db = await createTestDatabase(store);
  });
  afterAll(async () => {
    await db?.drop();
  });

  const codeAt = (secret: string, app: AuthApp) =>
    generate({ secret, epoch: Math.floor(app.clock.now().getTime() / 1000) });
  const ciphertexts = async () =>
    [
      ...(await db.superuserQuery<{ v: string }>(
        'SELECT mfa_secret AS v FROM users WHERE mfa_secret IS NOT NULL',
      )),
      ...(await db.superuserQuery<{ v: string }>('SELECT hmac_key AS v FROM audit_chains')),
    ].map((row) => row.v);

  /** A tenant whose owner has MFA on (so it has an encrypted TOTP secret and an audit chain key). */
  async function withMfa(app: AuthApp): Promise<{ tenant: SeededTenant; secret: string }> {
    const tenant = await seedTenant(app.platform);
    const { secret } = (await (await callApi(app.baseUrl, 'POST', '/v1/me/mfa', tenant.token)).json()) as {
      secret: string;
    };
    const confirmed = await callApi(app.baseUrl, 'POST', '/v1/me/mfa/confirm', tenant.token, {
      code: await codeAt(secret, app),
    });
    expect(confirmed.status).toBe(200);
    return { tenant, secret };
  }

  it('re-encrypts under the newest key, is idempotent, and old data works once the old key is removed', async () => {
    const before = await startAuthApp(store, { db, masterKeys: k1 });
    const a = await withMfa(before);
    const b = await withMfa(before);
    await before.close();
    const count = (await ciphertexts()).length;
    expect(count).toBeGreaterThanOrEqual(4);
    expect((await ciphertexts()).every((value) => value.startsWith('v1:k1:'))).toBe(true);

    const rotating = await startAuthApp(store, { db, masterKeys: `${k2},${k1}` });
    try {
      const first = await rotating.platform.keyRotation.rotate();
      expect(first).toMatchObject({
        activeKeyId: 'k2',
        scanned: count,
        reencrypted: count,
        current: 0,
        failed: [],
      });
      const again = await rotating.platform.keyRotation.rotate();
      expect(again).toMatchObject({ scanned: count, reencrypted: 0, current: count, failed: [] });
    } finally {
      await rotating.close();
    }
    expect((await ciphertexts()).every((value) => value.startsWith('v1:k2:'))).toBe(true);

    const after = await startAuthApp(store, { db, masterKeys: k2 });
    try {
      after.clock.offsetMs = TOTP_PERIOD_SECONDS * 1000;
      for (const { tenant, secret } of [a, b]) {
        const tokens = await signIn(after.baseUrl, {
          email: tenant.email,
          password: tenant.password,
          otp: await codeAt(secret, after),
        });
        const verified = await callApi(after.baseUrl, 'GET', '/v1/audit/verify', tokens.access_token);
        expect(await verified.json()).toMatchObject({ ok: true });
      }
    } finally {
      await after.close();
    }
  });

  it('never overwrites a value that changed since it was read (compare-and-swap answers false)', async () => {
    const app = await startAuthApp(store, { db, masterKeys: `${k2},${k1}` });
    try {
      const { tenant } = await withMfa(app);
      const column = { table: 'users', column: 'mfa_secret', recordColumn: 'id' } as const;
      await app.platform.scopes.forTenant(tenant.tenantId).transaction(async (tx) => {
        const sut = tx.get(EncryptedColumnRepository);
        const [current] = await sut.values(column);
        await expect(sut.replace(column, tenant.userId, 'v1:stale:value', 'v1:next:value')).resolves.toBe(
          false,
        );
        await expect(sut.replace(column, tenant.userId, current!.value, current!.value)).resolves.toBe(true);
      });
    } finally {
      await app.close();
    }
  });

  it('reports a value moved to another row and leaves it as it is', async () => {
    const app = await startAuthApp(store, { db, masterKeys: `${k2},${k1}` });
    try {
      const a = await withMfa(app);
      const b = await withMfa(app);
      const p = (n: number) => (store === 'postgres' ? `$${n}` : '?');
      const [row] = await db.superuserQuery<{ mfa_secret: string }>(
        `SELECT mfa_secret FROM users WHERE id = ${p(1)}`,
        [a.tenant.userId],
      );
      await db.superuserQuery(`UPDATE users SET mfa_secret = ${p(1)} WHERE id = ${p(2)}`, [
        row!.mfa_secret,
        b.tenant.userId,
      ]);
      const report = await app.platform.keyRotation.rotate();
      expect(report.failed).toEqual([
        {
          table: 'users',
          column: 'mfa_secret',
          tenantId: b.tenant.tenantId,
          recordId: b.tenant.userId,
          reason: 'authentication_failed',
        },
      ]);
      const [kept] = await db.superuserQuery<{ mfa_secret: string }>(
        `SELECT mfa_secret FROM users WHERE id = ${p(1)}`,
        [b.tenant.userId],
      );
      expect(kept!.mfa_secret).toBe(row!.mfa_secret);
    } finally {
      await app.close();
    }
  });
});

describe.each(STORES)('the rotate-keys command on %s', (store) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(store);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('adds a key to the embedded key file and re-encrypts everything under it', async () => {
    const app = await startAuthApp(store, { db });
    const tenant = await seedTenant(app.platform);
    await signIn(app.baseUrl, tenant); // writes an audit event: the tenant gets an encrypted chain key
    await app.close();

    const env = {
      ...process.env,
      BOOKDESK_DATA_DIR: db.dataDir,
      DATABASE_URL: store === 'sqlite' ? `sqlite:${db.config.url}` : db.config.url,
      ...(db.config.ownerUrl ? { DATABASE_OWNER_URL: db.config.ownerUrl } : {}),
      BOOKDESK_MASTER_KEYS: '',
    };
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'server/cli/rotate-keys.ts', '--add-key'],
      { env },
    );
    expect(JSON.parse(stdout)).toMatchObject({ activeKeyId: 'k2', reencrypted: 1, failed: [] });
    expect(readFileSync(join(db.dataDir, 'master.key'), 'utf8')).toMatch(/^k2:[^,]+,k1:/);

    const restarted = await startAuthApp(store, { db });
    try {
      const tokens = await signIn(restarted.baseUrl, tenant);
      expect(
        await (await callApi(restarted.baseUrl, 'GET', '/v1/audit/verify', tokens.access_token)).json(),
      ).toEqual({ ok: true, checked: 2 });
    } finally {
      await restarted.close();
    }
  });
});
