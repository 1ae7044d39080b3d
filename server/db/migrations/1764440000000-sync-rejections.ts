import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `sync_clients.rejections`: the problems of a push client's latest rejected mutations (JSON, newest
 * last, bounded: server/sync/sync-client.repository.ts). A desk whose push answer was lost sends the
 * mutation again after a restart and is told it was a duplicate: with this, also why it was refused.
 * One statement that both stores take alike, so one migration in both lists (./index.ts).
 */
export class SyncRejections1764440000000 implements MigrationInterface {
  name = 'SyncRejections1764440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sync_clients ADD COLUMN rejections TEXT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sync_clients DROP COLUMN rejections`);
  }
}
