/**
 * Small helpers for repositories that write raw SQL against both stores: one statement text with `?`
 * placeholders, instants stored as SQLite's TypeORM `datetime` text or PostgreSQL timestamptz.
 */
import type { Dialect } from './entities/platform.entities';

/** Rewrites `?` placeholders to `$1, $2, …` on PostgreSQL (statements must not contain a literal `?`). */
export function placeholders(dialect: Dialect, sql: string): string {
  if (dialect === 'sqlite') return sql;
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

/** An instant as a query parameter: a Date on PostgreSQL, `YYYY-MM-DD HH:MM:SS.SSS` UTC text on SQLite. */
export function instantParam(dialect: Dialect, at: Date): Date | string {
  return dialect === 'postgres' ? at : at.toISOString().replace('T', ' ').replace('Z', '');
}

/** Reads an instant column back (SQLite text is UTC without a zone designator). */
export function readInstant(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

/** Reads a nullable instant column. */
export function readOptionalInstant(value: unknown): Date | null {
  return value === null || value === undefined ? null : readInstant(value);
}

/** Reads a bigint/integer column (pg returns bigint as a string). */
export function readInteger(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}
