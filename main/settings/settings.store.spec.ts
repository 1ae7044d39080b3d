import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../core/ipc/settings-defaults';
import { SettingsStore } from './settings.store';

describe(SettingsStore.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'bookdesk-settings-'));
  const file = join(dir, 'desktop', 'settings.json');
  afterEach(() => rmSync(join(dir, 'desktop'), { recursive: true, force: true }));

  it('answers the defaults before anything is kept', () => {
    expect(new SettingsStore(file).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps a change across instances and announces it', () => {
    const announced: unknown[] = [];
    const sut = new SettingsStore(file, (s) => announced.push(s));

    sut.set({ language: 'fa', overlay: { showQueue: false } });

    const expected = { language: 'fa', overlay: { nextCount: 2, showQueue: false }, locationId: null };
    expect(new SettingsStore(file).get()).toEqual(expected);
    expect(announced).toEqual([expected]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(expected);
  });

  it('keeps the chosen location, and a file from before locations keeps its language', () => {
    new SettingsStore(file).set({ language: 'fa' });
    writeFileSync(file, '{"language":"fa","overlay":{"nextCount":1,"showQueue":true}}');
    expect(new SettingsStore(file).get()).toEqual({
      language: 'fa',
      overlay: { nextCount: 1, showQueue: true },
      locationId: null,
    });

    const chosen = '00000000-0000-4000-8000-00000000000b';
    new SettingsStore(file).set({ locationId: chosen });
    expect(new SettingsStore(file).get()).toMatchObject({ language: 'fa', locationId: chosen });
    new SettingsStore(file).set({ locationId: null });
    expect(new SettingsStore(file).get().locationId).toBeNull();
  });

  it('falls back to the defaults when the file no longer matches', () => {
    new SettingsStore(file).set({ language: 'fa' });
    writeFileSync(file, '{"language":"klingon"}');

    expect(new SettingsStore(file).get()).toEqual(DEFAULT_SETTINGS);
  });
});
