/** Small JSON values the desktop keeps next to its cache (account shown in the header, seed marks). */
import type { CacheDatabase } from './cache.database';

export class MetaStore {
  constructor(private readonly db: CacheDatabase) {}

  get<T>(key: string): T | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : null;
  }

  set(key: string, value: unknown): void {
    this.db
      .prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(key, JSON.stringify(value));
  }
}
