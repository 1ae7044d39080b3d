import argon2 from 'argon2';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { OWASP_ARGON2ID, PasswordHasher } from './password.hasher';

const password = 'purple monkeys dance at noon';

describe(PasswordHasher.name, () => {
  const sut = new PasswordHasher();

  it('hashes with argon2id using the OWASP parameters and a random salt', async () => {
    const first = await sut.hash(password);
    const second = await sut.hash(password);

    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(second).not.toBe(first);
    expect(first).not.toContain(password);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await sut.hash(password);

    expect(await sut.verify(hash, password)).toEqual({ ok: true, needsRehash: false });
    expect(await sut.verify(hash, 'purple monkeys dance at nOon')).toEqual({ ok: false, needsRehash: false });
  });

  it('verifies canonically equivalent spellings (NFKC)', async () => {
    // Full-width letters and the "ﬁ" ligature normalise to plain ASCII.
    const hash = await sut.hash('ｆｉｌｅ ﬁsh river stone');

    expect(await sut.verify(hash, 'file fish river stone')).toMatchObject({ ok: true });
  });

  it('verifies a Persian password composed differently (NFC vs decomposed)', async () => {
    const composed = 'آرامش در باغ پرستو';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const hash = await sut.hash(decomposed);

    expect(await sut.verify(hash, composed)).toMatchObject({ ok: true });
  });

  it.each(['$2a$', '$2b$', '$2y$'])(
    'verifies an imported bcrypt %s hash and asks for a rehash',
    async (prefix) => {
      const imported = bcrypt.hashSync(password, 10).replace(/^\$2[aby]\$/, prefix);

      expect(await sut.verify(imported, password)).toEqual({ ok: true, needsRehash: true });
      expect(await sut.verify(imported, 'not the password')).toEqual({ ok: false, needsRehash: true });
    },
  );

  it('verifies a bcrypt hash made from a non-normalised password', async () => {
    const typed = 'ｆｕｌｌ ｗｉｄｔｈ ｐａｓｓ';
    const imported = bcrypt.hashSync(typed, 10);

    expect(await sut.verify(imported, typed)).toMatchObject({ ok: true });
  });

  it('asks for a rehash of argon2 hashes weaker than the OWASP parameters or of another variant', async () => {
    const weakMemory = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 4096, timeCost: 2 });
    const weakTime = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 1 });
    const argon2i = await argon2.hash(password, { type: argon2.argon2i, ...OWASP_ARGON2ID });
    const stronger = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 32_768, timeCost: 3 });

    expect(await sut.verify(weakMemory, password)).toEqual({ ok: true, needsRehash: true });
    expect(await sut.verify(weakTime, password)).toEqual({ ok: true, needsRehash: true });
    expect(await sut.verify(argon2i, password)).toEqual({ ok: true, needsRehash: true });
    expect(await sut.verify(stronger, password)).toEqual({ ok: true, needsRehash: false });
  });

  it.each(['', 'plaintext', '$argon2id$v=19$m=19456,t=2,p=1$broken', '$2b$10$short', '$1$md5crypt$abc'])(
    'refuses an unknown or corrupt stored hash %j without throwing',
    async (stored) => {
      expect(await sut.verify(stored, password)).toEqual({ ok: false, needsRehash: false });
    },
  );

  it('always fails for an unknown user', async () => {
    expect(await sut.verifyUnknownUser(password)).toBe(false);
  });
});
