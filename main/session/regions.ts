/**
 * The regions the sign-in screen offers (README.md "Operations", regions): `BOOKDESK_REGIONS`, the same
 * `<slug>=<url>` list as the API's `REGIONS` (`eu=https://eu.example.com,us=https://us.example.com`).
 * Each region is its own API; choosing one fills the server field. Entries that are not a slug and an
 * https URL (http only to this computer) are left out.
 */
export interface DeskRegion {
  id: string;
  url: string;
}

const SLUG = /^[a-z]{2}[a-z0-9-]{0,30}$/;
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

export function parseDeskRegions(value: string | undefined): DeskRegion[] {
  if (!value) return [];
  const regions: DeskRegion[] = [];
  for (const entry of value.split(',')) {
    const at = entry.indexOf('=');
    const id = entry.slice(0, at).trim();
    const url = entry
      .slice(at + 1)
      .trim()
      .replace(/\/+$/, '');
    if (at < 0 || !SLUG.test(id)) continue;
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK.test(parsed.hostname)))
        continue;
    } catch {
      continue;
    }
    if (!regions.some((r) => r.id === id)) regions.push({ id, url });
  }
  return regions;
}
