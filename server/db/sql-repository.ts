/**
 * Plumbing of the repositories that run hand-written SQL (front-desk features, sync, tenants,
 * calendars, privacy): raw SQL written once with `?` placeholders for both stores, keyset pages in
 * id order, reading raw columns, and recognising constraint violations of either driver.
 */
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ScopedRepository } from './scoped-repository';
import { instantParam, placeholders } from './sql-dialect';

/**
 * The kind of integrity constraint a failed statement violated, if any. `deadlock` (PostgreSQL
 * 40P01) is not a violation but happens when concurrent inserts wait on each other's uncommitted
 * rows in the same exclusion constraint; the victim should retry.
 */
export type ConstraintViolation = 'unique' | 'foreign-key' | 'exclusion' | 'deadlock';

/** Classifies a TypeORM/driver error (PostgreSQL SQLSTATE or SQLite extended code). */
export function constraintViolation(error: unknown): ConstraintViolation | null {
  const driver = (error as { driverError?: { code?: unknown } }).driverError;
  const code = String(driver?.code ?? (error as { code?: unknown }).code ?? '');
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE')
    return 'unique';
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'foreign-key';
  if (code === '23P01') return 'exclusion';
  if (code === '40P01') return 'deadlock';
  return null;
}

/**
 * A write statement built by one repository for another to run in the same statement (e.g. an
 * entity's INSERT with its change-feed record, ChangeFeed.recordPutWith): `?` placeholders, no
 * RETURNING clause, and it filters by or sets the tenant itself.
 */
export interface RawWrite {
  sql: string;
  parameters: unknown[];
}

/** A page request in id order. */
export interface IdPage {
  limit: number;
  /** Rows with an id greater than this one. */
  afterId?: string;
}

/** Restricts `qb` to one page (fetching one extra row to know whether another page follows). */
export function pageInIdOrder<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  page: IdPage,
): Promise<T[]> {
  if (page.afterId !== undefined) qb.andWhere(`${alias}.id > :afterId`, { afterId: page.afterId });
  return qb
    .orderBy(`${alias}.id`, 'ASC')
    .take(page.limit + 1)
    .getMany();
}

/** Base of repositories that also run hand-written SQL (hot paths, range queries, bulk reads). */
export abstract class SqlRepository extends ScopedRepository {
  /** Runs `sql` (with `?` placeholders) in this transaction. The statement must filter by tenant_id. */
  protected sql<R = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<R[]> {
    return this.rawQuery<R>(placeholders(this.dialect, sql), parameters);
  }

  /** {@link sql} for several statements, in one round trip on PostgreSQL (ScopedRepository.rawBatch). */
  protected sqlBatch<R = Record<string, unknown>>(statements: readonly RawWrite[]): Promise<R[][]> {
    return this.rawBatch<R>(
      statements.map((s) => ({ sql: placeholders(this.dialect, s.sql), parameters: s.parameters })),
    );
  }

  /**
   * Queues `sql` (with `?` placeholders) to run just before the transaction's COMMIT, in its round
   * trip (PostgreSQL only; ScopedRepository.rawAtCommit). The statement must filter by tenant_id
   * itself; its errors surface from the commit.
   */
  protected sqlAtCommit(
    sql: string,
    parameters: unknown[] = [],
    onCommitted?: (rows: unknown[]) => void,
  ): void {
    this.rawAtCommit(placeholders(this.dialect, sql), parameters, onCommitted);
  }

  /** An instant as a parameter of {@link sql}. */
  protected at(instant: Date): Date | string {
    return instantParam(this.dialect, instant);
  }

  /** A JSON value as a parameter of {@link sql} (text on SQLite, cast by PostgreSQL to jsonb). */
  protected json(value: unknown): string | null {
    return value === undefined || value === null ? null : JSON.stringify(value);
  }
}

/** Reads a text column of a raw row. */
export function readText(value: unknown): string {
  return String(value);
}

/** Reads a nullable text column of a raw row. */
export function readOptionalText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Reads a nullable number column of a raw row (pg returns bigint and numeric as text). */
export function readOptionalNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Reads a JSON column of a raw row (pg parses jsonb, SQLite returns the text). */
export function readJson<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
