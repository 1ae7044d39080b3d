import { describe, expect, it } from 'vitest';
import type { SessionStatus } from '../../core/ipc/session.ipc';
import { deskText } from '../../core/i18n/desk-texts';
import { sayDeskText } from '../i18n/desk-text';
import { IpcFailure, IpcRegistry } from './ipc-registry';

const APP = 'http://127.0.0.1:4000/';
const own = { url: APP, isTopFrame: true };
const status: SessionStatus = {
  signedIn: true,
  apiBaseUrl: 'https://api.bookdesk.example',
  businessName: 'Salon',
  userName: 'Rosa',
  role: 'receptionist',
  timeZone: 'UTC',
  online: false,
  pendingChanges: 0,
  signingIn: false,
  signedOutReason: null,
  suggestedApiBaseUrl: null,
  credentials: { backend: 'keychain', persistent: true, reason: null },
};

/** A registry whose handlers record that they ran. */
function registryWithSpies() {
  const calls: string[] = [];
  const logged: string[] = [];
  const sut = new IpcRegistry(
    (url) => url.startsWith(APP),
    (message) => logged.push(message),
  )
    .handle('session:status', () => {
      calls.push('session:status');
      return status;
    })
    .handle('schedule:getDay', ({ date }) => {
      calls.push(`schedule:getDay ${date}`);
      throw new IpcFailure('not_found', 'The schedule has not been downloaded yet.');
    });
  return { sut, calls, logged };
}

describe(IpcRegistry.name, () => {
  it('runs the handler for a valid message and wraps its value', async () => {
    const { sut, calls } = registryWithSpies();

    await expect(sut.dispatch('session:status', {}, own)).resolves.toEqual({ ok: true, value: status });
    expect(calls).toEqual(['session:status']);
  });

  it.each([
    ['a missing date', {}, 'date'],
    ['a malformed date', { date: '27/11/2026' }, 'date'],
    ['an impossible date', { date: '2026-02-30' }, 'date'],
    ['an unknown field', { date: '2026-11-27', sql: 'drop table' }, 'sql'],
  ])('refuses %s, naming the field, before any handler runs', async (_, args, field) => {
    const { sut, calls } = registryWithSpies();

    const result = await sut.dispatch('schedule:getDay', args, own);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_args');
    expect(result.error.message).toContain(field);
    expect(calls).toEqual([]);
  });

  it('refuses arguments that are not an object at all', async () => {
    const { sut, calls } = registryWithSpies();

    const result = await sut.dispatch('session:status', 'please', own);

    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(calls).toEqual([]);
  });

  it('refuses a channel outside the contract', async () => {
    const { sut } = registryWithSpies();

    await expect(sut.dispatch('keychain:read', {}, own)).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    await expect(sut.dispatch('__proto__', {}, own)).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
  });

  it('refuses messages from another page or from an embedded frame', async () => {
    const { sut, calls } = registryWithSpies();

    const foreign = await sut.dispatch(
      'session:status',
      {},
      { url: 'https://evil.example/', isTopFrame: true },
    );
    const framed = await sut.dispatch('session:status', {}, { url: APP, isTopFrame: false });

    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(framed).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
  });

  it('returns an expected failure as a result, not a throw', async () => {
    const { sut } = registryWithSpies();

    await expect(sut.dispatch('schedule:getDay', { date: '2026-11-27' }, own)).resolves.toEqual({
      ok: false,
      error: { code: 'not_found', message: 'The schedule has not been downloaded yet.' },
    });
  });

  it("says a failure given as a text of main's catalogue in the desk's language", async () => {
    let language: 'en' | 'fa' = 'fa';
    const sut = new IpcRegistry(
      () => true,
      () => {},
      undefined,
      (text) => sayDeskText(language, text),
    ).handle('schedule:getDay', () => {
      throw new IpcFailure('conflict', deskText('refusal.notWorking', { staff: 'Dana' }));
    });

    await expect(sut.dispatch('schedule:getDay', { date: '2026-11-27' }, own)).resolves.toEqual({
      ok: false,
      error: { code: 'conflict', message: 'Dana در آن زمان کار نمی‌کند.' },
    });
    language = 'en';
    await expect(sut.dispatch('schedule:getDay', { date: '2026-11-27' }, own)).resolves.toEqual({
      ok: false,
      error: { code: 'conflict', message: 'Dana is not working then.' },
    });
  });

  it('hides the details of an unexpected error from the renderer and logs them', async () => {
    const logged: string[] = [];
    const sut = new IpcRegistry(
      () => true,
      (message) => logged.push(message),
    ).handle('session:status', () => {
      throw new Error('SQLITE_CORRUPT at /home/rosa/.local/share/bookdesk');
    });

    const result = await sut.dispatch('session:status', {}, own);

    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong. Please try again.' },
    });
    expect(logged).toEqual(['IPC session:status failed']);
  });

  it('refuses a handler value outside the contract instead of passing it on', async () => {
    const sut = new IpcRegistry(() => true).handle('session:status', () => ({
      ...status,
      pendingChanges: -1,
    }));

    await expect(sut.dispatch('session:status', {}, own)).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });

  it('allows one handler per channel', () => {
    const sut = new IpcRegistry(() => true).handle('session:status', () => status);

    expect(() => sut.handle('session:status', () => status)).toThrow(/already has a handler/);
  });
});
