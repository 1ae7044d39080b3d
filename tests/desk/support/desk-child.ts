/**
 * A desk in a process of its own, for the kill -9 test (../desk-crash.test.ts). It opens the real
 * Desk over a cache FILE sealed with a key given by the parent (so every restart reads the outbox the
 * last run left), starts it against the API and then, by `DESK_MODE`:
 * - `write`: creates walk-ins with ids it chooses, one every `DESK_INTERVAL_MS`, printing
 *   `TRY <id>` before each call and `ACK <id>` only once the call returned (its local transaction
 *   committed), until it is killed;
 * - `drain`: creates nothing, waits until the outbox is empty, prints
 *   `DRAINED waiting=<n> problems=<n> client=<id> lastMutationId=<n>` and exits.
 * Lines are written with writeSync so a line the parent reads was written before the next step ran.
 *
 * Environment: DESK_CACHE_FILE, DESK_CACHE_KEY (base64), DESK_API_URL, DESK_TOKEN, DESK_SERVICE_ID,
 * DESK_MODE, DESK_INTERVAL_MS.
 */
import { randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';
import { CacheCipher } from '../../../main/cache/cache.cipher';
import { openDeskCacheWith } from '../../../main/cache/desk-cache';
import { ScheduleCache } from '../../../main/cache/schedule.cache';
import { Desk } from '../../../main/desk/desk';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const say = (line: string) => writeSync(1, `${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const cipher = CacheCipher.fromExportedKey(env('DESK_CACHE_KEY'));
  const { db } = openDeskCacheWith(env('DESK_CACHE_FILE'), cipher);
  const token = env('DESK_TOKEN');
  const serviceId = env('DESK_SERVICE_ID');
  const desk = new Desk({
    db,
    cache: new ScheduleCache(db, cipher),
    cipher,
    apiBaseUrl: env('DESK_API_URL'),
    accessToken: async () => token,
    onSignedOut: () => undefined,
    emit: () => undefined,
    timing: { retryMs: 20, maxRetryMs: 200, safetyPullMs: 60_000 },
  });
  desk.start();
  // The first run has an empty cache: walk-ins need the service, which the first pull brings.
  while (!desk.store.rows().service(serviceId)) await sleep(5);
  say(`READY waiting=${desk.status().waiting}`);

  if (process.env.DESK_MODE === 'drain') {
    while (desk.status().waiting > 0 || desk.status().connection.state !== 'online') await sleep(5);
    await desk.stop();
    const next = db.prepare(`SELECT value FROM meta WHERE key = 'desk.nextMutationId'`).get() as
      { value: string } | undefined;
    const lastMutationId = next ? Number(JSON.parse(next.value)) - 1 : 0;
    say(
      `DRAINED waiting=${desk.status().waiting} problems=${desk.store.problems().length} ` +
        `client=${desk.store.clientId} lastMutationId=${lastMutationId}`,
    );
    db.close();
    return;
  }

  const interval = Number(process.env.DESK_INTERVAL_MS ?? '5');
  for (let n = 0; ; n++) {
    const id = randomUUID();
    say(`TRY ${id}`);
    desk.actions.createWalkIn({ id, serviceId, customer: { name: `Crash ${process.pid} ${n}` } });
    say(`ACK ${id}`);
    await sleep(interval);
  }
}

main().catch((error: unknown) => {
  writeSync(2, `desk-child: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
