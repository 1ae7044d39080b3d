/**
 * Base of every tenant-scoped repository. Subclasses reach tables only through {@link TenantTable},
 * which adds `tenant_id = <scope's tenant>` to every read, update and delete and sets it on every
 * insert, so a repository method cannot forget the tenant filter.
 */
import type {
  EntityManager,
  FindOptionsOrder,
  FindOptionsWhere,
  ObjectLiteral,
  Repository,
  SelectQueryBuilder,
} from 'typeorm';
import { AUTH_ENTITIES } from './auth-changes';
import { queryBatchInTransaction, queryInTransaction, queueAtCommit } from './statements';
import type { RawStatement } from './statements';
import type { TenantContext } from './tenant-scope';

/** A row of a tenant table. */
export interface TenantOwned extends ObjectLiteral {
  tenantId: string;
}

/** Equality filter on a table's columns (tenantId is added by TenantTable and cannot be passed). */
export type Where<T> = Omit<FindOptionsWhere<T>, 'tenantId'>;

/** Tenant-filtered access to one table. */
export class TenantTable<T extends TenantOwned> {
  constructor(
    private readonly repository: Repository<T>,
    private readonly tenantId: string,
    /** Called before an UPDATE or DELETE of a table in AUTH_ENTITIES (./auth-changes.ts). */
    private readonly beforeChange: () => void = () => undefined,
  ) {}

  /** The filter with the tenant added; an undefined value is refused (TypeORM would drop it silently). */
  private scoped(where: Where<T>): FindOptionsWhere<T> {
    for (const [key, value] of Object.entries(where)) {
      if (value === undefined) throw new Error(`undefined filter value for "${key}"`);
    }
    return { ...where, tenantId: this.tenantId } as FindOptionsWhere<T>;
  }

  findOne(where: Where<T>): Promise<T | null> {
    return this.repository.findOne({ where: this.scoped(where) });
  }

  find(
    where: Where<T> = {} as Where<T>,
    options: { order?: FindOptionsOrder<T>; take?: number; skip?: number } = {},
  ): Promise<T[]> {
    return this.repository.find({ ...options, where: this.scoped(where) });
  }

  count(where: Where<T> = {} as Where<T>): Promise<number> {
    return this.repository.count({ where: this.scoped(where) });
  }

  /** Inserts rows of this tenant (the tenant id is set here, never taken from the caller). */
  async insert(...rows: Omit<T, 'tenantId'>[]): Promise<void> {
    if (rows.length === 0) return;
    const values = rows.map((row) => ({ ...row, tenantId: this.tenantId }));
    // QueryDeepPartialEntity<T> cannot be derived from a generic T; the values are full rows.
    await this.repository.insert(values as Parameters<Repository<T>['insert']>[0]);
  }

  /** Updates matching rows of this tenant; returns how many changed. */
  async update(where: Where<T>, patch: Partial<Omit<T, 'tenantId'>>): Promise<number> {
    this.beforeChange();
    const result = await this.repository.update(
      this.scoped(where),
      patch as Parameters<Repository<T>['update']>[1],
    );
    return result.affected ?? 0;
  }

  /** Deletes matching rows of this tenant; returns how many went. */
  async delete(where: Where<T>): Promise<number> {
    this.beforeChange();
    const result = await this.repository.delete(this.scoped(where));
    return result.affected ?? 0;
  }

  /**
   * A query builder already restricted to this tenant, for queries the helpers above cannot express.
   * Add conditions with `andWhere`/`orWhere` inside brackets, never `where` (which would replace the filter).
   */
  select(alias: string): SelectQueryBuilder<T> {
    return this.repository
      .createQueryBuilder(alias)
      .where(`${alias}.tenantId = :scopeTenantId`, { scopeTenantId: this.tenantId });
  }
}

/**
 * Extend this for a tenant table's repository (file `<feature>.repository.ts`); obtain instances
 * with `tx.get(MyRepository)` inside `scope.transaction(...)`.
 */
export abstract class ScopedRepository {
  protected readonly tenantId: string;
  /** Which SQL dialect {@link rawQuery} speaks (`$1` on PostgreSQL, `?` on SQLite). */
  protected readonly dialect: 'sqlite' | 'postgres';
  readonly #manager: EntityManager;
  readonly #markAuthChanged: () => void;

  constructor(ctx: TenantContext) {
    this.tenantId = ctx.tenantId;
    this.#manager = ctx.manager;
    this.#markAuthChanged = ctx.markAuthChanged;
    this.dialect = ctx.manager.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  /**
   * Raw SQL in this transaction, for what TenantTable cannot express (bulk inserts, locks).
   * The statement MUST filter by `this.tenantId` itself; RLS still applies on PostgreSQL.
   * On PostgreSQL it runs as a prepared statement (parsed and planned once per connection).
   */
  protected rawQuery<R = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<R[]> {
    return queryInTransaction<R[]>(this.#manager, sql, parameters);
  }

  /**
   * Several raw statements in order, each one's rows in order: on PostgreSQL in one round trip
   * (server/db/pg-pipeline.ts). Each statement sees what the ones before it did (a lock taken, rows
   * written), but none can use another's answer. Same rules as {@link rawQuery}.
   */
  protected rawBatch<R = Record<string, unknown>>(statements: readonly RawStatement[]): Promise<R[][]> {
    return queryBatchInTransaction<R[]>(this.#manager, statements);
  }

  /**
   * PostgreSQL only: queues `sql` to run just before the transaction's COMMIT, in the COMMIT's round
   * trip (queueAtCommit in ./statements.ts). For a transaction's last write, which nothing later in
   * it reads; its errors surface from the commit; `onCommitted` gets its rows once the COMMIT
   * succeeded. Same rules as {@link rawQuery}.
   */
  protected rawAtCommit(
    sql: string,
    parameters: unknown[] = [],
    onCommitted?: (rows: unknown[]) => void,
  ): void {
    queueAtCommit(this.#manager, sql, parameters, onCommitted);
  }

  /**
   * Rows of an `UPDATE`/`DELETE … RETURNING` in this transaction (see {@link returnedRows}); the
   * statement MUST filter by `this.tenantId` itself, as for {@link rawQuery}.
   */
  protected async rawReturning<R = Record<string, unknown>>(
    sql: string,
    parameters: unknown[] = [],
  ): Promise<R[]> {
    return returnedRows<R>(await this.rawQuery<unknown>(sql, parameters));
  }

  /** Tenant-filtered access to the table of entity `name` (see ENTITY in ./entities). */
  protected table<T extends TenantOwned>(name: string): TenantTable<T> {
    return new TenantTable<T>(
      this.#manager.getRepository<T>(name),
      this.tenantId,
      AUTH_ENTITIES.has(name) ? this.#markAuthChanged : undefined,
    );
  }

  /**
   * For raw SQL that updates or deletes rows of a credential table (./auth-changes.ts): the tenant's
   * cached credentials are dropped when this transaction ends. TenantTable writes do this themselves.
   */
  protected markAuthChanged(): void {
    this.#markAuthChanged();
  }
}

/**
 * Rows of an `UPDATE`/`DELETE … RETURNING`. TypeORM's convention, which rawQuery keeps, answers those
 * with `[rows, rowCount]` on PostgreSQL and with the rows themselves on SQLite; reading `.length` of
 * the PostgreSQL answer always gives 2.
 */
export function returnedRows<R>(result: unknown[]): R[] {
  if (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as R[];
  return result as R[];
}
