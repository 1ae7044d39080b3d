/**
 * The meta keys of the sync cursors (main/sync/sync-puller.ts `syncCursorKey`), as a LIKE pattern:
 * dropping them makes the next pull a full snapshot.
 */
export const SYNC_CURSOR_PATTERN = 'sync.cursor:%';
