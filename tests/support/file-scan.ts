/**
 * Looks for personal data in a SQLite file as an attacker with the disk would: the raw bytes of the
 * main file and of its write-ahead log, whatever SQLite considers live or free.
 */
import { existsSync, readFileSync } from 'node:fs';

/** The `needles` found (UTF-8, as SQLite stores text) in `file` or `file-wal`, with where. */
export function findInDatabaseFiles(file: string, needles: readonly string[]): string[] {
  const found: string[] = [];
  for (const path of [file, `${file}-wal`]) {
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    for (const needle of needles)
      if (bytes.includes(Buffer.from(needle, 'utf8'))) found.push(`${needle} in ${path}`);
  }
  return found;
}
