/**
 * The registries features fill at start-up: one source per entity and one mutation per name. A second
 * registration of either throws, so two features (or one registered twice) cannot silently replace
 * each other depending on the order of the composition root.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { define, SyncMutations } from './sync-mutations';
import { SyncSources } from './sync-sources';
import type { SyncSource } from './sync-sources';

const walkInSource = (): SyncSource => ({ entity: 'walkIn', page: async () => [], load: async () => [] });
const mutation = (name: string) => define({ name, args: z.unknown(), apply: async () => undefined });

describe(SyncSources.name, () => {
  it('refuses a second source of the same entity', () => {
    const sut = new SyncSources();
    sut.register(walkInSource());
    expect(() => sut.register(walkInSource())).toThrow("sync source 'walkIn' is registered twice");
  });
});

describe(SyncMutations.name, () => {
  it('refuses a second mutation of the same name and keeps the first', () => {
    const sut = new SyncMutations();
    const first = mutation('walkIn.create');
    sut.register(first);
    expect(() => sut.register(mutation('walkIn.create'))).toThrow(
      "sync mutation 'walkIn.create' is registered twice",
    );
    expect(sut.get('walkIn.create')).toBe(first);
    expect(sut.names()).toEqual(['walkIn.create']);
  });
});
