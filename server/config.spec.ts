import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe(loadConfig.name, () => {
  const sut = loadConfig;

  it('defaults to 127.0.0.1:8787 and an embedded SQLite file in the per-user data dir', () => {
    const config = sut({ XDG_DATA_HOME: '/home/ann/.data' });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      dataDir: '/home/ann/.data/bookdesk',
      database: { store: 'sqlite', url: join('/home/ann/.data/bookdesk', 'bookdesk.sqlite') },
      trustProxy: false,
    });
  });

  it('reads BOOKDESK_DATA_DIR, PORT=0 and a sqlite: URL', () => {
    const config = sut({
      BOOKDESK_DATA_DIR: '/srv/bookdesk',
      PORT: '0',
      DATABASE_URL: 'sqlite:/tmp/x.sqlite',
    });
    expect(config.port).toBe(0);
    expect(config.dataDir).toBe('/srv/bookdesk');
    expect(config.database).toEqual({ store: 'sqlite', url: '/tmp/x.sqlite' });
  });

  it('takes PostgreSQL with separate app and owner connection strings', () => {
    const config = sut({
      DATABASE_URL: 'postgres://api:pw@db/bookdesk',
      DATABASE_OWNER_URL: 'postgres://owner:pw@db/bookdesk',
    });
    expect(config.database).toEqual({
      store: 'postgres',
      url: 'postgres://api:pw@db/bookdesk',
      ownerUrl: 'postgres://owner:pw@db/bookdesk',
    });
  });

  it.each([
    ['a PostgreSQL URL without an owner URL', { DATABASE_URL: 'postgres://api@db/x' }, /DATABASE_OWNER_URL/],
    ['an unknown database scheme', { DATABASE_URL: 'mysql://db/x' }, /DATABASE_URL/],
    ['a non-numeric port', { PORT: 'eighty' }, /PORT/],
    ['a port out of range', { PORT: '70000' }, /PORT/],
    ['a TLS cert without key', { TLS_CERT: '/c.pem' }, /TLS_KEY/],
    ['half of the Google credentials', { GOOGLE_CLIENT_ID: 'id' }, /GOOGLE_CLIENT_SECRET/],
    ['an invalid PUBLIC_URL', { PUBLIC_URL: 'not a url' }, /PUBLIC_URL/],
    ['plain HTTP on a public address', { HOST: '0.0.0.0' }, /TLS_CERT.*TRUST_PROXY/],
  ])('refuses %s with a message naming the variable', (_case, env, message) => {
    expect(() => sut(env)).toThrow(ConfigError);
    expect(() => sut(env)).toThrow(message);
  });

  it('allows a public address with TLS or behind a TLS proxy', () => {
    expect(sut({ HOST: '0.0.0.0', TLS_CERT: '/c.pem', TLS_KEY: '/k.pem' }).tls).toEqual({
      certFile: '/c.pem',
      keyFile: '/k.pem',
    });
    expect(sut({ HOST: '0.0.0.0', TRUST_PROXY: '1' }).trustProxy).toBe(true);
  });

  it('keeps security events for AUDIT_RETENTION_DAYS, within 30 to 183 days', () => {
    expect(sut({}).auditRetentionDays).toBeUndefined();
    expect(sut({ AUDIT_RETENTION_DAYS: '90' }).auditRetentionDays).toBe(90);
    expect(() => sut({ AUDIT_RETENTION_DAYS: '7' })).toThrow(ConfigError);
    expect(() => sut({ AUDIT_RETENTION_DAYS: '365' })).toThrow(/AUDIT_RETENTION_DAYS/);
  });

  it('collects provider credentials and endpoint overrides', () => {
    const config = sut({
      GOOGLE_CLIENT_ID: 'gid',
      GOOGLE_CLIENT_SECRET: 'gsecret',
      GOOGLE_TOKEN_URL: 'http://127.0.0.1:9999/token',
    });
    expect(config.google).toEqual({ clientId: 'gid', clientSecret: 'gsecret' });
    expect(config.microsoft).toBeUndefined();
    expect(config.providerEndpoints).toEqual({ GOOGLE_TOKEN_URL: 'http://127.0.0.1:9999/token' });
  });
});
