/**
 * Makes an unlocked Secret Service keyring reachable for keytar. If none answers (headless CI, this
 * machine), it starts a private D-Bus session bus (dbus-launch, from dbus-x11) and an unlocked
 * gnome-keyring-daemon on it with a throwaway keyring directory, and exports DBUS_SESSION_BUS_ADDRESS
 * into process.env before vitest forks its workers. Teardown stops both.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Writes, reads and deletes a probe secret through keytar in a child process (so a failed probe cannot
 * leave a broken D-Bus connection in this one). A read alone is not enough: a locked or missing
 * default collection still answers reads.
 */
function secretServiceReachable(env: NodeJS.ProcessEnv): boolean {
  const script =
    "const k=require('keytar');k.setPassword('Bookdesk-probe','probe','x')" +
    ".then(()=>k.getPassword('Bookdesk-probe','probe')).then((v)=>k.deletePassword('Bookdesk-probe','probe')" +
    ".then(()=>process.exit(v==='x'?0:1))).catch(()=>process.exit(1))";
  const probe = spawnSync(process.execPath, ['-e', script], { env, timeout: 10_000, stdio: 'ignore' });
  return probe.status === 0;
}

/** Whether our daemon owns the Secret Service name yet (NameHasOwner never triggers D-Bus activation). */
function secretsNameOwned(address: string): boolean {
  const reply = spawnSync(
    'dbus-send',
    [
      '--bus=' + address,
      '--dest=org.freedesktop.DBus',
      '--print-reply',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      'string:org.freedesktop.secrets',
    ],
    { encoding: 'utf8', timeout: 5000 },
  );
  return reply.status === 0 && /boolean true/.test(reply.stdout);
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.DBUS_SESSION_BUS_ADDRESS && secretServiceReachable(process.env)) return async () => {};

  const launched = spawnSync('dbus-launch', ['--sh-syntax'], { encoding: 'utf8' });
  if (launched.status !== 0)
    throw new Error(`keyring setup: dbus-launch failed (install dbus-x11): ${launched.stderr}`);
  const address = /DBUS_SESSION_BUS_ADDRESS='([^']+)'/.exec(launched.stdout)?.[1];
  const busPid = Number(/DBUS_SESSION_BUS_PID=(\d+)/.exec(launched.stdout)?.[1]);
  if (!address || !busPid)
    throw new Error(`keyring setup: unexpected dbus-launch output: ${launched.stdout}`);

  const home = mkdtempSync(join(tmpdir(), 'bookdesk-keyring-'));
  const daemonEnv = {
    ...process.env,
    DBUS_SESSION_BUS_ADDRESS: address,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_RUNTIME_DIR: join(home, 'run'),
    HOME: home,
  };
  spawnSync('mkdir', ['-p', daemonEnv.XDG_RUNTIME_DIR, daemonEnv.XDG_DATA_HOME]);
  const daemon: ChildProcess = spawn(
    'gnome-keyring-daemon',
    ['--foreground', '--unlock', '--components=secrets'],
    {
      env: daemonEnv,
      stdio: ['pipe', 'ignore', 'ignore'],
    },
  );
  daemon.stdin!.end('pw'); // --unlock reads the new keyring's password from stdin, without a newline

  const stop = async () => {
    daemon.kill('SIGTERM');
    try {
      process.kill(busPid, 'SIGTERM');
    } catch {
      // the bus already exited
    }
    rmSync(home, { recursive: true, force: true });
  };

  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address };
  // Probing before the daemon owns the name would make D-Bus activate a second, locked daemon.
  if (!(await waitFor(() => secretsNameOwned(address), 15_000)) || !secretServiceReachable(env)) {
    await stop();
    throw new Error('keyring setup: gnome-keyring-daemon did not answer on the private bus');
  }
  process.env.DBUS_SESSION_BUS_ADDRESS = address;
  return stop;
}
