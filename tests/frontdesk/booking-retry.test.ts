/**
 * A booking create on PostgreSQL that loses a deadlock is retried on its (pooled) connection and
 * succeeds: the retry's pipelined statements must not rely on anything the failed attempt left
 * behind (a regression: statements behind the failed one were taken as prepared, and the retry
 * answered 500 "prepared statement does not exist").
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededTenant, TestApp } from '../support/api';
import { seedClockedTenant, seedShop, startClockedApp, TestClock } from './front-desk.fixtures';

describe('booking create on postgres after a deadlock', () => {
  const clock = new TestClock(Date.parse('2026-03-01T12:00:00Z'));
  let sut: TestApp;
  let tenant: SeededTenant;

  beforeAll(async () => {
    sut = await startClockedApp('postgres', clock);
    tenant = await seedClockedTenant(sut);
  });
  afterAll(async () => {
    await sut?.close();
  });

  const waitingAdvisoryLocks = async () => {
    const [row] = await sut.db.superuserQuery<{ n: string }>(
      `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
    );
    return Number(row!.n);
  };

  it('answers 201 when its first attempt was chosen as the deadlock victim', async () => {
    // A fresh tenant's first booking: nothing of its statements is prepared on the connection yet.
    const shop = await seedShop(sut, tenant.token, { staffCount: 2 });
    const [first, second] = [...shop.staffIds].sort();
    const key = (staffId: string) => `booking:${tenant.tenantId}:${staffId}`;
    const other = new pg.Client({ connectionString: sut.db.appUrl });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key(second!)]);
      // Without a staff member named, the create locks both candidates in id order: it takes the
      // first and waits for the second.
      const response = sut.call({
        method: 'POST',
        url: '/v1/bookings',
        token: tenant.token,
        payload: { serviceId: shop.serviceId, start: '2026-03-10T10:00:00Z', source: 'online' },
      });
      while ((await waitingAdvisoryLocks()) === 0) await new Promise((r) => setTimeout(r, 10));
      // Closing the cycle: the create, waiting longest, detects the deadlock and is aborted.
      await other.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key(first!)]);
      await other.query('SELECT pg_advisory_unlock_all()');
      const created = await response;
      expect(created.statusCode, created.body).toBe(201);
      expect(shop.staffIds).toContain(created.json().staffId);
    } finally {
      await other.end();
    }
  });
});
