/**
 * `npm run bench -- <name>` runs bench/<name>.bench.ts; with no name it lists the benchmarks.
 * Each benchmark measures its own baseline in the same run and prints, last,
 * `BENCH <name> <value> <unit> baseline=<v> ratio=<r>` (see bench/report.ts).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();

const name = process.argv[2];
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>\navailable: ${available.join(', ')}`);
  process.exit(name ? 2 : 0);
}

const mod = (await import(pathToFileURL(join(here, `${name}.bench.ts`)).href)) as {
  run: () => Promise<void>;
};
await mod.run();
