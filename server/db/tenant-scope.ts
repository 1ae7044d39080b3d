/**
 * Layer 1 of tenant isolation: everything a route or service can do with the database goes through
 * a {@link TenantScope}, created for one tenant only (for a request: from its verified credential,
 * see server/auth/bearer-auth.hook.ts). Repositories exist only inside `scope.transaction(...)`,
 * built for that scope's tenant, and every query they run is filtered by tenant_id (./scoped-repository.ts).
 */
import type { EntityManager } from 'typeorm';
import type { Database } from './data-source';

/** What a tenant-scoped repository is constructed with. Only TenantTransaction creates one. */
export interface TenantContext {
  readonly tenantId: string;
  readonly manager: EntityManager;
  /**
   * Marks the transaction as changing the tenant's credentials (see ./auth-changes.ts); the tenant's
   * cached credentials are dropped when it ends. TenantTable calls it for its own writes.
   */
  readonly markAuthChanged: () => void;
  /**
   * Announces that this transaction's changes reach `version` (the highest wins): once it has
   * committed, the Database's CommittedChanges signal is emitted with it (never on rollback; a nested
   * transaction on SQLite is a savepoint and emits when it ends).
   */
  readonly announceVersion: (version: number) => void;
}

/** A repository class: `new (ctx) => repository`, normally a subclass of ScopedRepository. */
export type RepositoryClass<R> = new (ctx: TenantContext) => R;

/** One open transaction of one tenant; hands out repositories bound to it. */
export class TenantTransaction {
  readonly #ctx: TenantContext;
  readonly #repositories = new Map<RepositoryClass<unknown>, unknown>();
  readonly #afterCommit: (() => void)[];

  constructor(ctx: TenantContext, afterCommit: (() => void)[] = []) {
    this.#ctx = ctx;
    this.#afterCommit = afterCommit;
  }

  /**
   * Runs `callback` once this transaction has committed (never if it rolls back). For signals that
   * must not be seen before the data is visible, e.g. the sync feed's in-process pokes.
   */
  afterCommit(callback: () => void): void {
    this.#afterCommit.push(callback);
  }

  get tenantId(): string {
    return this.#ctx.tenantId;
  }

  /** See TenantContext.announceVersion. */
  announceVersion(version: number): void {
    this.#ctx.announceVersion(version);
  }

  /** The repository `Repo` bound to this transaction and tenant (one instance per transaction). */
  get<R>(Repo: RepositoryClass<R>): R {
    let repository = this.#repositories.get(Repo) as R | undefined;
    if (!repository) {
      repository = new Repo(this.#ctx);
      this.#repositories.set(Repo, repository);
    }
    return repository;
  }
}

/** All database access for one tenant. */
export class TenantScope {
  readonly #db: Database;

  constructor(
    db: Database,
    readonly tenantId: string,
  ) {
    this.#db = db;
  }

  /**
   * Runs `fn` in one database transaction with this tenant's context (PostgreSQL RLS matches only
   * this tenant). Commits when `fn` resolves, rolls back when it throws.
   */
  async transaction<T>(fn: (tx: TenantTransaction) => Promise<T>): Promise<T> {
    const afterCommit: (() => void)[] = [];
    let authChanged = false;
    const markAuthChanged = () => {
      authChanged = true;
    };
    let announced: number | null = null;
    const announceVersion = (version: number) => {
      announced = Math.max(announced ?? version, version);
    };
    let result: T;
    try {
      result = await this.#db.inTenantTransaction(this.tenantId, (manager) => {
        // A retried attempt must not inherit callbacks or versions of the attempt that rolled back.
        afterCommit.length = 0;
        announced = null;
        return fn(
          new TenantTransaction(
            { tenantId: this.tenantId, manager, markAuthChanged, announceVersion },
            afterCommit,
          ),
        );
      });
    } finally {
      // Also after a failure: a COMMIT whose answer was lost may still have applied, and dropping
      // cached credentials is always safe. Never before the end: a lookup racing the transaction
      // could cache the old state again.
      if (authChanged) this.#db.authChanges.emit(this.tenantId);
    }
    if (announced !== null) this.#db.changes.emit(this.tenantId, announced);
    for (const callback of afterCommit) callback();
    return result;
  }
}

/**
 * Creates scopes for a tenant id. Given only to services that must act before a request has a
 * credential (signup creating a tenant, sign-in after an email/secret lookup); never to routes.
 */
export class TenantScopes {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  forTenant(tenantId: string): TenantScope {
    return new TenantScope(this.#db, tenantId);
  }
}
