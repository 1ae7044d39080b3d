/**
 * The instance's LISTEN connection (server/db/notification-listener.ts) on a real PostgreSQL:
 * notifications reach their channel's handler, a dropped connection is reported and re-established,
 * and a connection whose server stops answering without closing it (a network partition; here the
 * backend process is stopped with SIGSTOP) is noticed by the health check.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LISTENER_APPLICATION_NAME,
  PostgresNotificationListener,
} from '../../server/db/notification-listener';
import { createTestDatabase } from '../support/db';
import type { TestDatabase } from '../support/db';

const CHANNEL = 'bookdesk_test';

describe(PostgresNotificationListener.name, () => {
  let db: TestDatabase;
  let sut: PostgresNotificationListener;
  const received: string[] = [];
  const events: string[] = [];

  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  const notify = async (payload: string) => {
    const client = new pg.Client({ connectionString: db.appUrl });
    await client.connect();
    try {
      await client.query(`SELECT pg_notify($1, $2)`, [CHANNEL, payload]);
    } finally {
      await client.end();
    }
  };
  const listenerPid = async () => {
    const [row] = await db.superuserQuery<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
      [LISTENER_APPLICATION_NAME],
    );
    return row!.pid;
  };

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    sut = new PostgresNotificationListener(db.appUrl!, () => undefined, {
      healthCheckMs: 100,
      queryTimeoutMs: 300,
    });
    sut.on(CHANNEL, (payload) => received.push(payload));
    sut.onConnection({ lost: () => events.push('lost'), restored: () => events.push('restored') });
    await sut.start();
  });
  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it("hands each notification of its channel to the channel's handler", async () => {
    await notify('tenant-1');
    await until(() => received.includes('tenant-1'));
    expect(received).toContain('tenant-1');
  });

  it('reports a terminated connection as lost, then listens again', async () => {
    events.length = 0;
    await db.superuserQuery('SELECT pg_terminate_backend($1)', [await listenerPid()]);
    await until(() => events.includes('restored'));
    expect(events).toEqual(['lost', 'restored']);
    await notify('after-reconnect');
    await until(() => received.includes('after-reconnect'));
  });

  it('notices a server that stops answering without closing the connection', async () => {
    events.length = 0;
    const pid = await listenerPid();
    process.kill(pid, 'SIGSTOP');
    try {
      await until(() => events.includes('lost'));
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await until(() => events.includes('restored'));
    expect(events).toEqual(['lost', 'restored']);
  });
});
