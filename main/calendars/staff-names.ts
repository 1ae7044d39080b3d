/** Staff names by id from the desktop cache's staff rows (the names the schedule shows). */
import type { CacheDatabase } from '../cache/cache.database';

export function readStaffNames(db: CacheDatabase): Map<string, string> {
  const rows = db.prepare('SELECT id, data FROM staff').all() as { id: string; data: string }[];
  return new Map(rows.map((row) => [row.id, (JSON.parse(row.data) as { name: string }).name]));
}
