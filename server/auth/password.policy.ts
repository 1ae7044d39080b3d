import type { BreachedPasswordList } from './breached-passwords.list';

/** Minimum length in code points for a password used as the only factor (NIST SP 800-63B-4 §3.1.1.2). */
export const MIN_PASSWORD_LENGTH = 15;
/** Minimum length in code points when the user also has a second factor (TOTP). */
export const MIN_PASSWORD_LENGTH_WITH_MFA = 8;
/** Maximum accepted length in code points (NIST requires at least 64 to be allowed). */
export const MAX_PASSWORD_LENGTH = 256;

/** Words that appear in every Bookdesk account's context and so never make a password on their own. */
const SERVICE_WORDS = ['bookdesk'];
/** Context words shorter than this are ignored (a 2-letter name would refuse half the dictionary). */
const MIN_CONTEXT_WORD_LENGTH = 3;
/** A password made of context words plus fewer than this many other letters is refused. */
const MIN_LETTERS_BEYOND_CONTEXT = 5;

/** Why a password was refused. */
export type PasswordRejectionReason = 'too_short' | 'too_long' | 'breached' | 'contextual';

/** Outcome of {@link PasswordPolicy.check}; a refusal maps to a 422 naming the `password` field. */
export type PasswordCheckResult =
  | { ok: true; /** The NFKC-normalised password: what the hasher stores. */ normalized: string }
  | { ok: false; reason: PasswordRejectionReason; message: string };

/** What the policy needs to know about the account the password is for. */
export interface PasswordContext {
  /** True when the user has (or is enrolling) TOTP MFA, which lowers the minimum to 8. */
  hasMfa?: boolean;
  /** The user's email address. */
  email?: string;
  /** The user's display name. */
  name?: string;
  /** The business (tenant) name. */
  businessName?: string;
}

/** Unicode normalisation applied before counting, checking and hashing (NIST SP 800-63B-4). */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/**
 * NIST SP 800-63B-4 password rules: NFKC normalisation, 15+ code points (8+ with MFA), up to 256
 * allowed, every character allowed, no composition rules, refused when on the breached/common list or
 * when it is built from the account's own email, name or business name.
 */
export class PasswordPolicy {
  constructor(private readonly breached: BreachedPasswordList) {}

  /** Checks `password` for an account described by `context`. Never throws for any input string. */
  check(password: string, context: PasswordContext = {}): PasswordCheckResult {
    const normalized = normalizePassword(password);
    const length = [...normalized].length;
    const minimum = context.hasMfa ? MIN_PASSWORD_LENGTH_WITH_MFA : MIN_PASSWORD_LENGTH;
    if (length < minimum) {
      return refuse('too_short', `Password must be at least ${minimum} characters long.`);
    }
    if (length > MAX_PASSWORD_LENGTH) {
      return refuse('too_long', `Password must be at most ${MAX_PASSWORD_LENGTH} characters long.`);
    }
    if (this.breached.has(normalized)) {
      return refuse(
        'breached',
        'This password is on a list of common or breached passwords; choose another.',
      );
    }
    if (isContextual(normalized, context)) {
      return refuse(
        'contextual',
        'Password must not be based on your email, your name or the business name.',
      );
    }
    return { ok: true, normalized };
  }
}

function refuse(reason: PasswordRejectionReason, message: string): PasswordCheckResult {
  return { ok: false, reason, message };
}

/**
 * A password is contextual when it contains a context word (the email, its local part and domain
 * label, the name, the business name, their words, or "bookdesk") and what remains after removing
 * every context word has fewer than 5 letters: "sara.ahmadi@x.com" refuses "SaraAhmadi2026!!!" but not
 * "sara likes green tea".
 */
function isContextual(normalized: string, context: PasswordContext): boolean {
  const folded = fold(normalized);
  const words = contextWords(context).filter((word) => folded.includes(word));
  if (words.length === 0) return false;
  let remainder = folded;
  // Longest first, so "saraahmadi" is removed whole before "sara" could split it.
  for (const word of words.sort((a, b) => b.length - a.length)) remainder = remainder.split(word).join('');
  return [...remainder.replace(/[^\p{L}\p{M}]/gu, '')].length < MIN_LETTERS_BEYOND_CONTEXT;
}

function contextWords({ email, name, businessName }: PasswordContext): string[] {
  const words = new Set<string>(SERVICE_WORDS);
  const add = (value: string | undefined): void => {
    if (!value) return;
    const whole = fold(value);
    if ([...whole].length >= MIN_CONTEXT_WORD_LENGTH) words.add(whole);
    for (const part of value.split(/[^\p{L}\p{M}\p{N}]+/u)) {
      const word = fold(part);
      if ([...word].length >= MIN_CONTEXT_WORD_LENGTH) words.add(word);
    }
  };
  if (email) {
    const [local, domain] = email.split('@');
    add(email);
    add(local);
    add(domain?.split('.')[0]);
  }
  add(name);
  add(businessName);
  return [...words];
}

/** Lower-cased NFKC with separators removed, so "Sara Ahmadi" matches "saraahmadi" and "sara_ahmadi". */
function fold(value: string): string {
  return value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s._\-+@]/g, '');
}
