/** Runs audit retention pruning periodically in the server process (first run shortly after start). */
import type { FastifyBaseLogger } from 'fastify';
import type { PruneReport } from './audit-log.service';

export const AUDIT_PRUNE_INTERVAL_MS = 6 * 3600_000;

/** Starts the job; call the returned function to stop it. Failures are logged, never thrown. */
export function startAuditRetention(
  prune: () => Promise<PruneReport>,
  log: FastifyBaseLogger,
  intervalMs = AUDIT_PRUNE_INTERVAL_MS,
): () => void {
  const run = () => {
    prune().then(
      (report) => {
        if (report.refused.length > 0)
          log.error({ tenants: report.refused }, 'audit chain broken: retention refused to prune');
        else if (report.deleted > 0) log.info({ deleted: report.deleted }, 'audit retention pruned events');
      },
      (error: unknown) => log.error({ err: error }, 'audit retention failed'),
    );
  };
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
