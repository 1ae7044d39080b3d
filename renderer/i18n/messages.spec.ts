import { describe, expect, it } from 'vitest';
import { argumentsOf, compile } from './compile-messages';
import { compiledEn, compiledFa } from './compiled-messages';
import { en } from './messages.en';
import type { MessageId } from './messages.en';
import { fa } from './messages.fa';

describe('message catalogues', () => {
  it('give every Persian message the arguments of its English one', () => {
    for (const [id, text] of Object.entries(en)) {
      expect(argumentsOf(fa[id as MessageId]), id).toEqual(argumentsOf(text));
    }
  });

  it('are compiled as they now read (else run: npx tsx scripts/compile-messages.ts)', () => {
    expect(compiledEn).toEqual(compile(en));
    expect(compiledFa).toEqual(compile(fa));
  });
});
