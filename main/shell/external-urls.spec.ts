import { describe, expect, it } from 'vitest';
import {
  isAllowedExternalUrl,
  isAllowedNavigation,
  isSignInPageUrl,
  windowOpenAction,
} from './external-urls';

const API = 'https://api.bookdesk.example/';
const DEMO_API = 'http://127.0.0.1:4310/';

describe(isAllowedExternalUrl.name, () => {
  it.each([
    'https://api.bookdesk.example/oauth/authorize?client_id=desk',
    'https://api.bookdesk.example/account/billing',
    'https://accounts.google.com/o/oauth2/v2/auth?scope=calendar',
    'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    'https://outlook.office.com/calendar/view/day',
    'https://appleid.apple.com/account/manage',
  ])('opens %s', (url) => {
    expect(isAllowedExternalUrl(url, [API])).toBe(true);
  });

  it.each([
    ['http on the API host', 'http://api.bookdesk.example/oauth/authorize'],
    ['another port of the API host', 'https://api.bookdesk.example:8443/'],
    ['a look-alike host', 'https://api.bookdesk.example.evil.test/'],
    ['a sub-domain of a provider', 'https://evil.accounts.google.com/'],
    ['a provider on another port', 'https://accounts.google.com:444/'],
    ['user info in the URL', 'https://user:pw@accounts.google.com/'],
    ['user info before the API host', 'https://api.bookdesk.example@evil.test/'],
    ['http on a provider', 'http://accounts.google.com/'],
    ['any other site', 'https://example.com/'],
    ['a file URL', 'file:///etc/passwd'],
    ['a custom scheme', 'ms-settings:privacy'],
    ['javascript', 'javascript:alert(1)'],
    ['a smb share', 'smb://server/share'],
    ['not a URL', 'accounts.google.com'],
  ])('refuses %s', (_, url) => {
    expect(isAllowedExternalUrl(url, [API])).toBe(false);
  });

  it('allows the demo API on this computer at its exact origin only', () => {
    expect(isAllowedExternalUrl('http://127.0.0.1:4310/oauth/authorize', [DEMO_API])).toBe(true);
    expect(isAllowedExternalUrl('http://127.0.0.1:9999/', [DEMO_API])).toBe(false);
    expect(isAllowedExternalUrl('http://127.0.0.1:4310/', [API])).toBe(false);
  });

  it('never trusts an API address that is not https or on this computer', () => {
    expect(isAllowedExternalUrl('http://api.example/', ['http://api.example/'])).toBe(false);
    expect(isAllowedExternalUrl('https://api.example/', [null])).toBe(false);
  });
});

describe(isSignInPageUrl.name, () => {
  it('accepts an API authorize page over https or on this computer', () => {
    expect(isSignInPageUrl('https://api.bookdesk.example/oauth/authorize?state=x')).toBe(true);
    expect(isSignInPageUrl('https://host.example/tenant-a/oauth/authorize')).toBe(true);
    expect(isSignInPageUrl('http://127.0.0.1:4310/oauth/authorize?state=x')).toBe(true);
  });

  it('refuses anything else', () => {
    expect(isSignInPageUrl('http://api.bookdesk.example/oauth/authorize')).toBe(false);
    expect(isSignInPageUrl('https://api.bookdesk.example/oauth/token')).toBe(false);
    expect(isSignInPageUrl('https://u:p@api.bookdesk.example/oauth/authorize')).toBe(false);
    expect(isSignInPageUrl('file:///oauth/authorize')).toBe(false);
  });
});

describe(isAllowedNavigation.name, () => {
  it('lets our page change route and nothing else', () => {
    expect(isAllowedNavigation('app://bookdesk/index.html#/overlay')).toBe(true);
    expect(isAllowedNavigation('app://bookdesk/assets/x.js')).toBe(false);
    expect(isAllowedNavigation('https://api.bookdesk.example/')).toBe(false);
    expect(isAllowedNavigation('file:///index.html')).toBe(false);
  });
});

describe(windowOpenAction.name, () => {
  it('turns the overlay route into the overlay window', () => {
    expect(windowOpenAction('app://bookdesk/index.html#/overlay', [API])).toEqual({ kind: 'overlay' });
  });

  it('sends allowed https links to the system browser and denies the rest', () => {
    expect(windowOpenAction('https://accounts.google.com/', [API])).toEqual({
      kind: 'external',
      url: 'https://accounts.google.com/',
    });
    expect(windowOpenAction('app://bookdesk/index.html', [API])).toEqual({ kind: 'deny' });
    expect(windowOpenAction('https://example.com/', [API])).toEqual({ kind: 'deny' });
    expect(windowOpenAction('about:blank', [API])).toEqual({ kind: 'deny' });
  });
});
