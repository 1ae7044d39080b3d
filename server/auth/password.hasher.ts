import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import bcrypt from 'bcryptjs';
import { normalizePassword } from './password.policy';

/** argon2id cost parameters. */
export interface Argon2Params {
  /** Memory in KiB. */
  memoryCost: number;
  /** Iterations. */
  timeCost: number;
  /** Lanes. */
  parallelism: number;
}

/** OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1. */
export const OWASP_ARGON2ID: Readonly<Argon2Params> = Object.freeze({
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

/** Outcome of {@link PasswordHasher.verify}. */
export interface PasswordVerification {
  ok: boolean;
  /**
   * True when the password matched but the stored hash should be replaced by `hash(password)`:
   * an imported bcrypt hash, an argon2 variant other than argon2id, or weaker argon2id parameters.
   */
  needsRehash: boolean;
}

// PHC string; the argon2 package writes parameters as m,p,t, other libraries as m,t,p.
const ARGON2_PATTERN = /^\$(argon2(?:id|i|d))\$v=(\d+)\$((?:[mtp]=\d+,?){3})\$/;
const BCRYPT_PATTERN = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;
const ARGON2_VERSION = 19;

/**
 * Hashes passwords with argon2id and verifies argon2 and imported bcrypt (`$2a$`/`$2b$`/`$2y$`)
 * hashes. Passwords are NFKC-normalised first, so canonically equivalent spellings verify.
 */
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly params: Argon2Params = OWASP_ARGON2ID) {}

  /** An argon2id PHC string (`$argon2id$v=19$m=19456,p=1,t=2$...`) with a random 16-byte salt. */
  hash(password: string): Promise<string> {
    return argon2.hash(normalizePassword(password), { type: argon2.argon2id, ...this.params });
  }

  /** Checks `password` against a stored hash; an unknown or corrupt hash verifies as `{ok: false}`. */
  async verify(storedHash: string, password: string): Promise<PasswordVerification> {
    const argon = ARGON2_PATTERN.exec(storedHash);
    if (argon) {
      const ok = await argon2.verify(storedHash, normalizePassword(password)).catch(() => false);
      return { ok, needsRehash: ok && this.isWeaker(argon) };
    }
    if (BCRYPT_PATTERN.test(storedHash)) {
      return { ok: await this.verifyBcrypt(storedHash, password), needsRehash: true };
    }
    return { ok: false, needsRehash: false };
  }

  /**
   * Spends the same time as a real verification and always fails. Call it when the email is unknown
   * so that response times do not reveal which accounts exist.
   */
  async verifyUnknownUser(password: string): Promise<false> {
    // A random password nobody knows, hashed once with the same parameters as real hashes.
    this.dummyHash ??= this.hash(randomBytes(32).toString('base64'));
    await argon2.verify(await this.dummyHash, normalizePassword(password)).catch(() => false);
    return false;
  }

  private isWeaker(match: RegExpExecArray): boolean {
    const [, type, version, paramList] = match;
    const params = Object.fromEntries(
      paramList!.split(',').map((pair) => pair.split('=') as [string, string]),
    );
    return (
      type !== 'argon2id' ||
      Number(version) < ARGON2_VERSION ||
      !(Number(params.m) >= this.params.memoryCost) ||
      !(Number(params.t) >= this.params.timeCost)
    );
  }

  private async verifyBcrypt(storedHash: string, password: string): Promise<boolean> {
    // Imported hashes were made by systems that may not have normalised, so try the password as typed
    // first and its NFKC form second.
    const candidates = [...new Set([password, normalizePassword(password)])];
    for (const candidate of candidates) {
      if (await bcrypt.compare(candidate, storedHash).catch(() => false)) return true;
    }
    return false;
  }
}
