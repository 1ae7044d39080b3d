/**
 * The pipeline of ./pg-pipeline.ts on a real PostgreSQL connection: statements answered in order,
 * each seeing the ones before it, nothing run after a failure, prepared statements still usable
 * after a failed pipeline, and the connection usable afterwards.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../tests/support/api';
import type { TestApp } from '../../tests/support/api';
import { PipelineError, pgPipeline } from './pg-pipeline';

describe('pgPipeline on postgres', () => {
  let app: TestApp;
  let client: pg.Client;

  beforeAll(async () => {
    app = await startTestApp('postgres');
    client = new pg.Client({ connectionString: app.db.appUrl });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await app?.close();
  });

  const lastValue = async () =>
    Number((await client.query<{ v: string }>('SELECT last_value AS v FROM sync_versions')).rows[0]!.v);

  it('answers every statement in order; each sees what the ones before it did', async () => {
    const results = await pgPipeline(client, [
      { sql: 'START TRANSACTION', parameters: [] },
      { sql: `SELECT set_config('bookdesk.test', $1, true)`, parameters: ['pipelined'] },
      {
        sql: `SELECT current_setting('bookdesk.test') AS seen, $1::int + 1 AS n`,
        parameters: [41],
        name: 'p_seen',
      },
      { sql: 'SELECT nextval($1) AS v', parameters: ['sync_versions'] },
      { sql: 'COMMIT', parameters: [] },
    ]);
    expect(results.map((r) => r.command)).toEqual(['START', 'SELECT', 'SELECT', 'SELECT', 'COMMIT']);
    expect(results[2]!.rows).toEqual([{ seen: 'pipelined', n: 42 }]);
    expect(Number((results[3]!.rows[0] as { v: string }).v)).toBe(await lastValue());
  });

  it('runs nothing after a failed statement and names it; the COMMIT behind it never happens', async () => {
    const before = await lastValue();
    const failure = await pgPipeline(client, [
      { sql: 'START TRANSACTION', parameters: [] },
      { sql: 'SELECT 10 / $1::int AS q', parameters: [0] },
      { sql: `SELECT nextval('sync_versions')`, parameters: [] },
      { sql: 'COMMIT', parameters: [] },
    ]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PipelineError);
    expect((failure as PipelineError).index).toBe(1);
    expect((failure as PipelineError).message).toMatch(/division by zero/);
    // The transaction is open and failed, as after any failed statement; the caller rolls back.
    await expect(client.query('SELECT 1')).rejects.toThrow(/current transaction is aborted/);
    await client.query('ROLLBACK');
    // Sequences are not transactional: had the third statement run, the value would have moved.
    expect(await lastValue()).toBe(before);
  });

  it('keeps a named statement usable when its first pipeline failed before or at it', async () => {
    const statement = { sql: 'SELECT $1::int * 2 AS doubled', parameters: [21], name: 'p_doubled' };
    // The server skips the statement's Parse after the failure: the name must not be taken as prepared.
    await expect(
      pgPipeline(client, [{ sql: 'SELECT 1 / 0', parameters: [] }, statement]),
    ).rejects.toBeInstanceOf(PipelineError);
    const [again] = await pgPipeline(client, [statement]);
    expect(again!.rows).toEqual([{ doubled: 42 }]);
    // A failure at execution of an already prepared statement leaves it prepared and usable.
    await expect(pgPipeline(client, [{ ...statement, parameters: ['x'] }])).rejects.toBeInstanceOf(
      PipelineError,
    );
    const [third] = await pgPipeline(client, [statement, statement]);
    expect(third!.rows).toEqual([{ doubled: 42 }]);
  });

  it('fails a statement whose values cannot be sent without sending the rest, and the connection keeps working', async () => {
    const before = await lastValue();
    const unsendable = {
      toPostgres: () => {
        throw new Error('cannot serialise');
      },
    };
    const failure = await pgPipeline(client, [
      { sql: 'SELECT $1::text AS x', parameters: [unsendable] },
      { sql: `SELECT nextval('sync_versions')`, parameters: [] },
    ]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PipelineError);
    expect((failure as PipelineError).index).toBe(0);
    expect((failure as PipelineError).message).toMatch(/cannot serialise/);
    expect(await lastValue()).toBe(before);
    expect((await client.query('SELECT 7 AS seven')).rows).toEqual([{ seven: 7 }]);
  });

  it('prepares a named statement again after its values could not be sent (pg closes it)', async () => {
    const statement = { sql: 'SELECT $1::text AS x', parameters: ['a'], name: 'p_text' };
    const unsendable = {
      toPostgres: () => {
        throw new Error('cannot serialise');
      },
    };
    // First use fails: Parse sent, then closed by pg.
    await expect(pgPipeline(client, [{ ...statement, parameters: [unsendable] }])).rejects.toBeInstanceOf(
      PipelineError,
    );
    expect((await pgPipeline(client, [statement]))[0]!.rows).toEqual([{ x: 'a' }]);
    // Already prepared, then fails: closed by pg as well.
    await expect(pgPipeline(client, [{ ...statement, parameters: [unsendable] }])).rejects.toBeInstanceOf(
      PipelineError,
    );
    expect((await pgPipeline(client, [statement]))[0]!.rows).toEqual([{ x: 'a' }]);
  });
});
