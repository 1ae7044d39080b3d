/**
 * Issue 14 §5 (found by nginx-kill.test.ts): a client whose create's answer was lost (its API
 * instance died after the commit) retries with the same id. The slot is then held by its own
 * booking: the answer is 409 /already-exists (the booking is there, once), never /slot-taken.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedClockedTenant, seedShop, startClockedApp, TestClock } from '../frontdesk/front-desk.fixtures';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';

describe.each(STORES)('%s: a booking create retried with the same id', (store) => {
  const clock = new TestClock(Date.parse('2026-03-01T08:00:00Z'));
  let sut: TestApp;
  let tenant: SeededTenant;

  beforeAll(async () => {
    sut = await startClockedApp(store, clock);
    tenant = await seedClockedTenant(sut);
  });
  afterAll(async () => {
    await sut?.close();
  });

  it('answers 409 /already-exists and keeps one booking; another id for that slot is /slot-taken', async () => {
    const shop = await seedShop(sut, tenant.token);
    const id = randomUUID();
    const body = {
      id,
      serviceId: shop.serviceId,
      staffId: shop.staffIds[0]!,
      start: '2026-03-02T10:00:00Z',
      source: 'desk',
      customer: { name: 'Retry Rae' },
    };
    const call = (payload: object) =>
      sut.call({ method: 'POST', url: '/v1/bookings', token: tenant.token, payload });
    expect((await call(body)).statusCode).toBe(201);

    const retried = await call(body);
    expect(retried.statusCode).toBe(409);
    expect(retried.json<{ type: string }>().type).toMatch(/\/already-exists$/);
    const other = await call({ ...body, id: randomUUID(), customer: { name: 'Other Otto' } });
    expect(other.statusCode).toBe(409);
    expect(other.json<{ type: string }>().type).toMatch(/\/slot-taken$/);

    const rows = await sut.db.superuserQuery<{ id: string }>(
      `SELECT id FROM bookings WHERE tenant_id = ${store === 'postgres' ? '$1' : '?'}`,
      [tenant.tenantId],
    );
    expect(rows.map((r) => r.id)).toEqual([id]);
  });
});
