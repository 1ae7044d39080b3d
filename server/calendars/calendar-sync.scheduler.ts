/**
 * Background sync: every connection is synced every 5 minutes (SYNC_INTERVAL_MS, kept per row in
 * `next_sync_at`). Each tick asks which tenants have due connections (on PostgreSQL a SECURITY DEFINER
 * function returning tenant ids only), then per tenant claims up to `batch` due rows with a lease
 * (`sync_lease_until`) using `FOR UPDATE SKIP LOCKED` inside that tenant's RLS-scoped transaction, so
 * with several instances each due connection is synced by exactly one of them; a crashed instance's
 * lease simply runs out. Embedded (SQLite): the same code, one process. The timer is unref'd and
 * stopped (awaiting a running tick) when the app closes.
 */
import type { Database } from '../db/data-source';
import { instantParam } from '../db/sql-dialect';
import type { TenantScopes } from '../db/tenant-scope';
import { CalendarConnectionRepository } from './calendar-connection.repository';
import type { CalendarSyncRunner } from './calendar-sync.runner';

/** Active tenants with at least one due, unleased connection (cross-tenant: ids only, never rows). */
export class CalendarDueLookup {
  constructor(private readonly db: Database) {}

  async tenantsWithDueConnections(now: Date): Promise<string[]> {
    const rows =
      this.db.dialect === 'postgres'
        ? await this.db.query<{ tenant_id: string }>(
            'SELECT tenant_id FROM bookdesk_calendar_due_tenants($1)',
            [now],
          )
        : await this.db.query<{ tenant_id: string }>(
            `SELECT DISTINCT c.tenant_id FROM calendar_connections c
               JOIN tenants n ON n.tenant_id = c.tenant_id AND n.status = 'active'
              WHERE c.next_sync_at <= ? AND (c.sync_lease_until IS NULL OR c.sync_lease_until < ?)
              ORDER BY c.tenant_id`,
            [instantParam('sqlite', now), instantParam('sqlite', now)],
          );
    return rows.map((r) => r.tenant_id);
  }
}

export interface SchedulerOptions {
  /** How often to look for due connections (default 30 s). */
  tickMs?: number;
  /** How long a claim lasts; longer than the slowest sync (default 10 min). */
  leaseMs?: number;
  /** Connections claimed per tenant per round (default 20). */
  batch?: number;
}

export class CalendarSyncScheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private readonly tickMs: number;
  private readonly leaseMs: number;
  private readonly batch: number;

  constructor(
    private readonly due: CalendarDueLookup,
    private readonly scopes: TenantScopes,
    private readonly runner: CalendarSyncRunner,
    private readonly now: () => Date,
    private readonly log: (message: string, error?: unknown) => void = () => {},
    options: SchedulerOptions = {},
  ) {
    this.tickMs = options.tickMs ?? 30_000;
    this.leaseMs = options.leaseMs ?? 10 * 60_000;
    this.batch = options.batch ?? 20;
  }

  /** Starts ticking; returns a stop function that waits for a running round. */
  start(): () => Promise<void> {
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    this.timer.unref();
    return async () => {
      clearInterval(this.timer);
      this.timer = undefined;
      await this.running?.catch(() => undefined);
    };
  }

  /** One round unless one is running; never throws (failures are logged). */
  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.runOnce();
    try {
      await this.running;
    } catch (error) {
      this.log('calendar background sync round failed', error);
    } finally {
      this.running = undefined;
    }
  }

  /** Claims and syncs every connection due now (repeating per tenant until none is left); returns how many. */
  async runOnce(): Promise<number> {
    let synced = 0;
    for (const tenantId of await this.due.tenantsWithDueConnections(this.now())) {
      const scope = this.scopes.forTenant(tenantId);
      for (;;) {
        const now = this.now();
        const ids = await scope.transaction((tx) =>
          tx
            .get(CalendarConnectionRepository)
            .claimDue(now, new Date(now.getTime() + this.leaseMs), this.batch),
        );
        for (const id of ids) {
          try {
            await this.runner.sync(scope, id);
            synced++;
          } catch (error) {
            this.log(`calendar connection ${id}: background sync failed`, error);
          }
        }
        if (ids.length < this.batch) break;
      }
    }
    return synced;
  }
}
