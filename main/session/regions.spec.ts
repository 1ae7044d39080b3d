import { describe, expect, it } from 'vitest';
import { parseDeskRegions } from './regions';

describe(parseDeskRegions.name, () => {
  it('reads <slug>=<url> pairs, https or http to this computer, first of each slug', () => {
    expect(
      parseDeskRegions(
        'eu=https://eu.bookdesk.example/, us=https://us.bookdesk.example,dev=http://127.0.0.1:8787,eu=https://other',
      ),
    ).toEqual([
      { id: 'eu', url: 'https://eu.bookdesk.example' },
      { id: 'us', url: 'https://us.bookdesk.example' },
      { id: 'dev', url: 'http://127.0.0.1:8787' },
    ]);
  });

  it('leaves out what is not a region: plain http elsewhere, bad slugs, no URL', () => {
    expect(parseDeskRegions('eu=http://eu.example.com,EU=https://x.example,us,ap=not a url')).toEqual([]);
    expect(parseDeskRegions(undefined)).toEqual([]);
  });
});
