/**
 * The server process's periodic housekeeping (app.ts): jobs that keep bounded what would otherwise
 * grow or linger, e.g. the change log's tombstones (./sync-retention.ts) and walk-ins still waiting
 * when their location's day is over. Each round runs the jobs one after the other; a failing job is
 * logged and does not stop the others. The timing is injectable: tests on an injected clock pass
 * `false` to buildApp (or leave the defaults, whose first round comes a minute after start).
 */
import type { FastifyBaseLogger } from 'fastify';

export interface HousekeepingJob {
  name: string;
  /** Runs one round; its result (a report) is logged at info level when it did something. */
  run(): Promise<unknown>;
}

export interface HousekeepingTiming {
  /** Between rounds (default 15 minutes). */
  intervalMs?: number;
  /** Before the first round (default 60 s). */
  firstRunMs?: number;
}

export const HOUSEKEEPING_INTERVAL_MS = 15 * 60_000;

/** Starts the rounds; call the returned function to stop them (a round in flight finishes). */
export function startHousekeeping(
  jobs: readonly HousekeepingJob[],
  log: FastifyBaseLogger,
  timing: HousekeepingTiming = {},
): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const round = async () => {
    for (const job of jobs) {
      if (stopped) return;
      try {
        const report = await job.run();
        log.debug({ job: job.name, report }, 'housekeeping job done');
      } catch (error) {
        log.error({ err: error, job: job.name }, 'housekeeping job failed');
      }
    }
  };
  const run = () => {
    running = running.then(round);
  };
  const first = setTimeout(run, timing.firstRunMs ?? 60_000);
  const timer = setInterval(run, timing.intervalMs ?? HOUSEKEEPING_INTERVAL_MS);
  first.unref();
  timer.unref();
  return async () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
