/**
 * A real CalDAV server for tests: Debian's Radicale, started on a free loopback port with its own
 * storage folder and a plain htpasswd file, stopped (and its folder removed) by `stop()`.
 * Events are written into it over HTTP as real iCalendar text, like any CalDAV client would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './net';

/** Debian's interpreter: the radicale package is installed for it, not for another python on PATH. */
const PYTHON = process.env.RADICALE_PYTHON ?? '/usr/bin/python3';

export interface RadicaleServer {
  /** e.g. http://127.0.0.1:5232/ */
  url: string;
  username: string;
  password: string;
  /** Creates a calendar collection (MKCALENDAR) under the user's home; returns its URL. */
  createCalendar(name: string, options?: { timeZoneIcs?: string }): Promise<string>;
  /** PUTs iCalendar text as `<calendarUrl><file>`. */
  putEvent(calendarUrl: string, file: string, ics: string): Promise<void>;
  deleteEvent(calendarUrl: string, file: string): Promise<void>;
  /** Changes the user's password (old credentials then get 401). */
  setPassword(password: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startRadicale(): Promise<RadicaleServer> {
  const dir = await mkdtemp(join(tmpdir(), 'radicale-'));
  const htpasswd = join(dir, 'users');
  const username = 'stylist';
  const password = 'app-specific-pass-1';
  await writeFile(htpasswd, `${username}:${password}\n`);
  const port = await freePort();
  const child: ChildProcess = spawn(
    PYTHON,
    [
      '-m',
      'radicale',
      '--config',
      '',
      '--server-hosts',
      `127.0.0.1:${port}`,
      '--storage-filesystem-folder',
      join(dir, 'collections'),
      '--auth-type',
      'htpasswd',
      '--auth-htpasswd-filename',
      htpasswd,
      '--auth-htpasswd-encryption',
      'plain',
      '--rights-type',
      'owner_only',
      '--logging-level',
      'warning',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}/`;
  const auth = () => `Basic ${Buffer.from(`${username}:${currentPassword}`).toString('base64')}`;
  let currentPassword = password;

  const request = async (
    method: string,
    target: string,
    body?: string,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(target, { method, body, headers: { authorization: auth(), ...headers } });
    if (response.status >= 400) {
      throw new Error(`${method} ${target} -> ${response.status}: ${await response.text()}`);
    }
    return response;
  };

  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`radicale exited: ${stderr}`);
    const r = await fetch(url, { method: 'OPTIONS' }).catch(() => null);
    return !!r;
  }, 15_000);

  return {
    url,
    username,
    password,
    async createCalendar(name, options) {
      const calendarUrl = `${url}${username}/${name}/`;
      const tz = options?.timeZoneIcs
        ? `<C:calendar-timezone><![CDATA[${options.timeZoneIcs}]]></C:calendar-timezone>`
        : '';
      await request(
        'MKCALENDAR',
        calendarUrl,
        `<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set><D:prop><D:displayname>${name}</D:displayname>
  <C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>${tz}
  </D:prop></D:set>
</C:mkcalendar>`,
        { 'content-type': 'application/xml; charset=utf-8' },
      );
      return calendarUrl;
    },
    async putEvent(calendarUrl, file, ics) {
      await request('PUT', `${calendarUrl}${file}`, ics, { 'content-type': 'text/calendar; charset=utf-8' });
    },
    async deleteEvent(calendarUrl, file) {
      await request('DELETE', `${calendarUrl}${file}`);
    },
    async setPassword(newPassword) {
      await writeFile(htpasswd, `${username}:${newPassword}\n`);
      currentPassword = newPassword;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
