import { describe, expect, it } from 'vitest';
import { reachesInternalNetwork } from './caldav-address';

describe(reachesInternalNetwork.name, () => {
  it.each([
    'http://127.0.0.1:5232/',
    'https://10.1.2.3/',
    'https://172.20.0.1/dav/',
    'https://192.168.1.10/',
    'http://169.254.169.254/latest/meta-data/',
    'https://[::1]/',
    'https://[fd00::1]/',
    'https://[::ffff:127.0.0.1]/',
    'https://localhost/',
  ])('refuses %s', async (url) => {
    expect(await reachesInternalNetwork(url)).toBe(true);
  });

  it.each(['https://17.253.144.10/', 'https://[2a00:1450:4001::1]/', 'https://93.184.215.14/'])(
    'allows the public address %s',
    async (url) => {
      expect(await reachesInternalNetwork(url)).toBe(false);
    },
  );
});
