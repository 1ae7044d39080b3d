/**
 * `GET /v1/sync/events` over real HTTP: a poke after each committed change (never for a rolled-back
 * one), only to the change's tenant, heartbeats, closed streams removed; on PostgreSQL pokes cross
 * instances through LISTEN/NOTIFY and survive the listener's connection being dropped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeFeed } from '../../server/sync/change-feed';
import { seedTenant } from '../support/api';
import type { SeededTenant } from '../support/api';
import { STORES } from '../support/db';
import { expectCall, seedShop } from '../frontdesk/front-desk.fixtures';
import { EventStream, startSyncApp } from './sync.fixtures';

const HEARTBEAT_MS = 40;
const tomorrowAt10 = () => {
  const d = new Date(Date.now() + 2 * 86_400_000);
  d.setUTCHours(10, 0, 0, 0);
  return d.toISOString();
};

describe.each(STORES)('GET /v1/sync/events on %s', (store) => {
  let t: Awaited<ReturnType<typeof startSyncApp>>;
  let a: SeededTenant;
  let b: SeededTenant;

  beforeAll(async () => {
    t = await startSyncApp(store, { syncHeartbeatMs: HEARTBEAT_MS });
    a = await seedTenant(t.platform);
    b = await seedTenant(t.platform);
  });
  afterAll(async () => t?.close());

  it('pokes the tenant’s streams with the version of each committed change, and no other tenant’s', async () => {
    const streamA = await EventStream.open(t.url, a.token);
    const streamB = await EventStream.open(t.url, b.token);
    try {
      await expectCall(t, a.token, 'POST', '/v1/customers', 201, { name: 'Poked' });
      await expectCall(t, a.token, 'POST', '/v1/customers', 201, { name: 'Poked again' });
      await streamA.until((s) => s.pokes.length >= 2);
      const page = await expectCall<{ changes: { version: number }[] }>(
        t,
        a.token,
        'POST',
        '/v1/sync/pull',
        200,
        {},
      );
      const lastVersion = Math.max(...page.changes.map((c) => c.version));
      expect(streamA.pokes.at(-1)).toBe(lastVersion);
      expect(streamA.pokes).toEqual([...streamA.pokes].sort((x, y) => x - y));

      // B's own change arrives on B's stream, after A's: had A's pokes reached B, they would be there first.
      await expectCall(t, b.token, 'POST', '/v1/customers', 201, { name: 'B only' });
      await streamB.until((s) => s.pokes.length >= 1);
      expect(streamB.pokes).toHaveLength(1);
    } finally {
      streamA.close();
      streamB.close();
    }
  });

  it('does not poke for a transaction that rolls back', async () => {
    const stream = await EventStream.open(t.url, a.token);
    try {
      await expect(
        t.platform.scopes.forTenant(a.tenantId).transaction(async (tx) => {
          await ChangeFeed.recordPut(tx, 'customer', crypto.randomUUID());
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await expectCall(t, a.token, 'POST', '/v1/customers', 201, { name: 'Committed' });
      await stream.until((s) => s.pokes.length >= 1);
      // The rolled-back version was never visible: the committed change reuses its number.
      const page = await expectCall<{ changes: { version: number; data?: { name?: string } }[] }>(
        t,
        a.token,
        'POST',
        '/v1/sync/pull',
        200,
        {},
      );
      const committed = page.changes.find((c) => c.data?.name === 'Committed')!;
      expect(stream.pokes).toEqual([committed.version]);
    } finally {
      stream.close();
    }
  });

  it('sends heartbeat comments', async () => {
    const stream = await EventStream.open(t.url, a.token);
    try {
      await stream.until((s) => s.comments.filter((c) => c === 'heartbeat').length >= 2);
    } finally {
      stream.close();
    }
  });

  it('removes the streams of clients that disconnect', async () => {
    const events = t.platform.sync.events;
    const settled = async () => {
      // The server sees a disconnect a moment after the client closes; the test's timeout bounds this.
      while (events.subscriberCount > 0) await new Promise((r) => setTimeout(r, 5));
    };
    await settled(); // the streams of the tests above are gone too
    const streams = await Promise.all(Array.from({ length: 5 }, () => EventStream.open(t.url, a.token)));
    expect(events.subscriberCount).toBe(5);
    for (const stream of streams) stream.close();
    await settled();
    expect(events.subscriberCount).toBe(0);
    expect(events.tenants()).toEqual([]);
  });

  it('refuses a stream without a valid credential (401)', async () => {
    const response = await t.call({ method: 'GET', url: '/v1/sync/events' });
    expect(response.statusCode).toBe(401);
  });
});

describe('GET /v1/sync/events across two instances on one PostgreSQL', () => {
  let instanceA: Awaited<ReturnType<typeof startSyncApp>>;
  let instanceB: Awaited<ReturnType<typeof startSyncApp>>;
  let owner: SeededTenant;

  beforeAll(async () => {
    instanceA = await startSyncApp('postgres');
    instanceB = await startSyncApp('postgres', { db: instanceA.db });
    owner = await seedTenant(instanceA.platform);
  });
  afterAll(async () => {
    await instanceB?.close();
    await instanceA?.close();
  });

  it('pokes a stream on instance B when a booking is pushed to instance A', async () => {
    const shop = await seedShop(instanceA, owner.token);
    const stream = await EventStream.open(instanceB.url, owner.token);
    try {
      const bookingId = crypto.randomUUID();
      const pushed = await expectCall<{ results: { status: string }[] }>(
        instanceA,
        owner.token,
        'POST',
        '/v1/sync/push',
        200,
        {
          clientId: 'desk-a',
          mutations: [
            {
              id: 1,
              name: 'booking.create',
              args: { id: bookingId, serviceId: shop.serviceId, start: tomorrowAt10(), source: 'desk' },
            },
          ],
        },
      );
      expect(pushed.results[0]!.status).toBe('applied');
      await stream.until((s) => s.pokes.length >= 1);
      // Pulling from instance B with the poked version shows the booking.
      const page = await expectCall<{ changes: { id: string; version: number }[] }>(
        instanceB,
        owner.token,
        'POST',
        '/v1/sync/pull',
        200,
        {},
      );
      const change = page.changes.find((c) => c.id === bookingId)!;
      expect(stream.pokes.at(-1)).toBe(change.version);
    } finally {
      stream.close();
    }
  });

  it('keeps poking after the listening connection is dropped (reconnects)', async () => {
    const stream = await EventStream.open(instanceB.url, owner.token);
    try {
      await instanceA.db.superuserQuery(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'bookdesk-listener' AND datname = current_database()`,
      );
      // Keep changing until a poke arrives through the re-established listener.
      let pokes = stream.pokes.length;
      for (let i = 0; stream.pokes.length <= pokes; i++) {
        pokes = stream.pokes.length;
        await expectCall(instanceA, owner.token, 'POST', '/v1/customers', 201, { name: `After drop ${i}` });
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(stream.pokes.length).toBeGreaterThan(0);
    } finally {
      stream.close();
    }
  });
});

describe('GET /v1/sync/events catching up on PostgreSQL', () => {
  let writer: Awaited<ReturnType<typeof startSyncApp>>;
  let reader: Awaited<ReturnType<typeof startSyncApp>>;
  let owner: SeededTenant;

  beforeAll(async () => {
    writer = await startSyncApp('postgres');
    reader = await startSyncApp('postgres', { db: writer.db, syncHeartbeatMs: HEARTBEAT_MS });
    owner = await seedTenant(writer.platform);
  });
  afterAll(async () => {
    await reader?.close();
    await writer?.close();
  });

  it('pokes within a heartbeat for a change whose poke never left its instance', async () => {
    const stream = await EventStream.open(reader.url, owner.token);
    try {
      // The reader's first catch-up after the stream opened only takes note of the latest version.
      await new Promise((r) => setTimeout(r, 3 * HEARTBEAT_MS));
      // What an instance that died between its COMMIT and its NOTIFY leaves behind: a committed
      // change nobody was told about.
      const [row] = await writer.db.superuserQuery<{ version: string }>(
        `INSERT INTO sync_changes (tenant_id, entity, entity_id, op, version)
         VALUES ($1, 'customer', $2, 'del', nextval('sync_versions')) RETURNING version`,
        [owner.tenantId, crypto.randomUUID()],
      );
      await stream.until((s) => s.pokes.includes(Number(row!.version)));
      expect(stream.pokes.at(-1)).toBe(Number(row!.version));
    } finally {
      stream.close();
    }
  });
});
