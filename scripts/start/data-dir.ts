/** Where Bookdesk keeps its per-user data on this machine. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.BOOKDESK_DATA_DIR) return env.BOOKDESK_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Bookdesk');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Bookdesk');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'bookdesk');
}
