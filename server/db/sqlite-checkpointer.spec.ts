import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteCheckpointer } from './sqlite-checkpointer';

describe(SqliteCheckpointer.name, () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('copies the WAL into the database file while the writer itself never checkpoints', async () => {
    dir = await mkdtemp(join(tmpdir(), 'bookdesk-checkpoint-'));
    const file = join(dir, 'db.sqlite');
    const writer = new Sqlite(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0'); // the writer alone would leave everything in the WAL
    writer.exec('CREATE TABLE blob (id INTEGER PRIMARY KEY, data BLOB)');
    const sut = SqliteCheckpointer.start(file, { intervalMs: 20 });
    try {
      const insert = writer.prepare('INSERT INTO blob (data) VALUES (?)');
      writer.transaction(() => {
        for (let i = 0; i < 64; i++) insert.run(Buffer.alloc(32 * 1024, i));
      })();
      // Two MiB were committed; the database file holds them once a checkpoint has run.
      while (statSync(file).size < 2 * 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(writer.prepare('SELECT count(*) AS n FROM blob').get()).toEqual({ n: 64 });
    } finally {
      await sut.close();
      writer.close();
    }
  });

  it('keeps the process alive until it has closed (the worker itself never does)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'bookdesk-checkpoint-'));
    const script = join(dir, 'close.mts');
    const module = fileURLToPath(new URL('./sqlite-checkpointer.ts', import.meta.url));
    await writeFile(
      script,
      `import { SqliteCheckpointer } from ${JSON.stringify(module)};
       const sut = SqliteCheckpointer.start(${JSON.stringify(join(dir, 'db.sqlite'))});
       await sut.close();
       console.log('closed');`,
    );
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    expect(execFileSync(tsx, [script], { encoding: 'utf8' }).trim()).toBe('closed');
  });
});
