/**
 * The changes the API refused (or this desk could not read back), kept for the receptionist until
 * dismissed. Each is kept as texts of main's catalogue, so the list is said in the desk's language,
 * and as their English words for anything that reads the table; problems kept before texts were keep
 * only their words.
 */
import type { DeskText } from '../../core/i18n/desk-texts';
import type { SyncProblem } from '../../core/ipc/sync.ipc';
import type { CacheDatabase } from '../cache/cache.database';
import { sayDeskText } from '../i18n/desk-text';

interface ProblemRow {
  id: number;
  name: string;
  attempted: string;
  reason: string;
  type: string;
  at: string;
  attempted_text: string | null;
  reason_text: string | null;
}

export class DeskProblems {
  constructor(
    private readonly db: CacheDatabase,
    private readonly now: () => Date,
  ) {}

  /** Keeps a refused change: its texts, and their English words for anything that reads the table. */
  keep(mutationId: number, name: string, attempted: DeskText, reason: DeskText | string, type: string): void {
    const english = (text: DeskText) => sayDeskText('en', text);
    this.db
      .prepare(
        `INSERT INTO desk_problems (mutation_id, name, attempted, reason, type, at, attempted_text, reason_text)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        mutationId,
        name,
        english(attempted),
        typeof reason === 'string' ? reason : english(reason),
        type,
        this.now().toISOString(),
        JSON.stringify(attempted),
        typeof reason === 'string' ? null : JSON.stringify(reason),
      );
  }

  /**
   * The kept problems in order, said by `say`; a reason that is the server's own words, or a problem
   * kept before texts were, stays as it was written.
   */
  list(say: (text: DeskText) => string): SyncProblem[] {
    const rows = this.db.prepare('SELECT * FROM desk_problems ORDER BY id').all() as ProblemRow[];
    const said = (text: string | null, written: string) => {
      if (text === null) return written;
      try {
        return say(JSON.parse(text) as DeskText);
      } catch {
        return written; // a text this build's catalogue no longer has: its English words
      }
    };
    return rows.map((r) => ({
      id: r.id,
      mutation: r.name,
      attempted: said(r.attempted_text, r.attempted),
      reason: said(r.reason_text, r.reason),
      type: r.type,
      at: r.at,
    }));
  }

  dismiss(id: number): void {
    this.db.prepare('DELETE FROM desk_problems WHERE id = ?').run(id);
  }
}
