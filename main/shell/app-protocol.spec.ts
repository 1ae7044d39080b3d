import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_CONTENT_SECURITY_POLICY,
  APP_INDEX_URL,
  APP_OVERLAY_URL,
  createAppProtocolHandler,
  isAppPageUrl,
  resolveAppPath,
} from './app-protocol';

describe(resolveAppPath.name, () => {
  const root = join(tmpdir(), 'bookdesk-app');

  it('maps app URLs to files inside the app folder', () => {
    expect(resolveAppPath(root, 'app://bookdesk/index.html')).toEqual({
      ok: true,
      path: join(root, 'index.html'),
    });
    expect(resolveAppPath(root, 'app://bookdesk/')).toEqual({ ok: true, path: join(root, 'index.html') });
    expect(resolveAppPath(root, 'app://bookdesk/assets/index-abc.js?x=1#y')).toEqual({
      ok: true,
      path: join(root, 'assets', 'index-abc.js'),
    });
    expect(resolveAppPath(root, 'app://bookdesk/assets/a%20b.css')).toEqual({
      ok: true,
      path: join(root, 'assets', 'a b.css'),
    });
  });

  it('keeps plain `..` segments inside the folder (the URL parser folds them at the root)', () => {
    expect(resolveAppPath(root, 'app://bookdesk/../../etc/passwd')).toEqual({
      ok: true,
      path: join(root, 'etc', 'passwd'),
    });
    expect(resolveAppPath(root, 'app://bookdesk/assets/../../../secrets.json')).toEqual({
      ok: true,
      path: join(root, 'secrets.json'),
    });
    expect(resolveAppPath(root, 'app://bookdesk/%2e%2e/%2e%2e/secrets.json')).toEqual({
      ok: true,
      path: join(root, 'secrets.json'),
    });
  });

  it.each([
    ['encoded dots and slashes', 'app://bookdesk/..%2f..%2fetc%2fpasswd'],
    ['fully encoded traversal', 'app://bookdesk/%2e%2e%2f%2e%2e%2fsecrets.json'],
    ['encoded traversal below a folder', 'app://bookdesk/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fhome'],
    ['an encoded parent after an encoded slash', 'app://bookdesk/assets%2f..%2f..'],
    ['an encoded absolute path', 'app://bookdesk/%2fetc%2fpasswd/..%2f..%2f..%2f..%2fetc%2fpasswd'],
  ])('refuses %s', (_, url) => {
    expect(resolveAppPath(root, url)).toEqual({ ok: false, status: 403 });
  });

  it.each([
    ['a backslash', 'app://bookdesk/..%5c..%5cwindows%5cwin.ini'],
    ['a NUL byte', 'app://bookdesk/index.html%00.png'],
    ['malformed percent-encoding', 'app://bookdesk/%E0%A4%A'],
  ])('refuses %s as a bad request', (_, url) => {
    expect(resolveAppPath(root, url)).toEqual({ ok: false, status: 400 });
  });

  it('reads an encoded absolute path as a path inside the folder, never as the absolute one', () => {
    const resolved = resolveAppPath(root, 'app://bookdesk/%2Fetc%2Fpasswd');
    expect(resolved).toEqual({ ok: true, path: join(root, 'etc', 'passwd') });
  });

  it('refuses other hosts and schemes', () => {
    expect(resolveAppPath(root, 'app://evil/index.html')).toEqual({ ok: false, status: 403 });
    expect(resolveAppPath(root, 'file:///etc/passwd')).toEqual({ ok: false, status: 403 });
    expect(resolveAppPath(root, '/etc/passwd')).toEqual({ ok: false, status: 400 });
  });
});

describe(isAppPageUrl.name, () => {
  it('accepts the index page and its routes only', () => {
    expect(isAppPageUrl(APP_INDEX_URL)).toBe(true);
    expect(isAppPageUrl(APP_OVERLAY_URL)).toBe(true);
    expect(isAppPageUrl('app://bookdesk/')).toBe(true);
    expect(isAppPageUrl('app://bookdesk/assets/x.js')).toBe(false);
    expect(isAppPageUrl('app://other/index.html')).toBe(false);
    expect(isAppPageUrl('app://user:pw@bookdesk/index.html')).toBe(false);
    expect(isAppPageUrl('file:///index.html')).toBe(false);
    expect(isAppPageUrl('https://bookdesk/index.html')).toBe(false);
    expect(isAppPageUrl('not a url')).toBe(false);
  });
});

describe(createAppProtocolHandler.name, () => {
  let dir: string;
  let root: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bookdesk-protocol-'));
    root = join(dir, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Bookdesk</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'export {};');
    writeFileSync(join(dir, 'secrets.json'), '{"token":"x"}');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the page with the strict CSP', async () => {
    const sut = createAppProtocolHandler(root);
    const response = await sut(new Request('app://bookdesk/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(APP_CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Bookdesk</title>');
    expect((await sut(new Request('app://bookdesk/assets/app.js'))).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
  });

  it('allows scripts only from the app: no inline script, no eval', () => {
    const directives = new Map(
      APP_CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('never reads a file outside the folder', async () => {
    const read: string[] = [];
    const sut = createAppProtocolHandler(root, async (path) => {
      read.push(path);
      throw new Error('not found');
    });
    const traversal = await sut(new Request('app://bookdesk/..%2fsecrets.json'));
    expect(traversal.status).toBe(403);
    expect(read).toEqual([]);
    const missing = await sut(new Request('app://bookdesk/nothing.js'));
    expect(missing.status).toBe(404);
  });

  it('refuses unknown file types and methods other than GET and HEAD', async () => {
    writeFileSync(join(root, 'notes.txt'), 'x');
    const sut = createAppProtocolHandler(root);
    expect((await sut(new Request('app://bookdesk/notes.txt'))).status).toBe(404);
    expect((await sut(new Request('app://bookdesk/index.html', { method: 'POST', body: 'x' }))).status).toBe(
      405,
    );
  });
});
