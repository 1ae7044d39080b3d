/**
 * The desk's preferences (core/ipc/settings.ipc.ts) in one JSON file beside the account files. Not
 * secret and not per account: the language a receptionist picked stays after a sign-out. A file that
 * cannot be read or no longer matches the schema falls back to the defaults rather than stopping the desk.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DeskSettings } from '../../core/ipc/settings.ipc';
import { DEFAULT_SETTINGS } from '../../core/ipc/settings-defaults';
import { DeskSettings as DeskSettingsSchema } from '../../core/ipc/settings.ipc';

export type SettingsChange = {
  language?: DeskSettings['language'];
  overlay?: Partial<DeskSettings['overlay']>;
  /** null: back to the desk's default location. */
  locationId?: string | null;
};

export class SettingsStore {
  private current: DeskSettings | null = null;

  constructor(
    private readonly file: string,
    private readonly changed: (settings: DeskSettings) => void = () => {},
  ) {}

  get(): DeskSettings {
    this.current ??= this.read();
    return this.current;
  }

  set(change: SettingsChange): DeskSettings {
    const before = this.get();
    const next: DeskSettings = {
      language: change.language ?? before.language,
      overlay: { ...before.overlay, ...change.overlay },
      locationId: change.locationId === undefined ? before.locationId : change.locationId,
    };
    mkdirSync(dirname(this.file), { recursive: true });
    // Written aside and renamed, so a crash mid-write never leaves half a file.
    writeFileSync(`${this.file}.tmp`, JSON.stringify(next, null, 2), { mode: 0o600 });
    renameSync(`${this.file}.tmp`, this.file);
    this.current = next;
    this.changed(next);
    return next;
  }

  private read(): DeskSettings {
    try {
      const parsed = DeskSettingsSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data : DEFAULT_SETTINGS;
    } catch {
      return DEFAULT_SETTINGS;
    }
  }
}
