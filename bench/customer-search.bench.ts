/**
 * customer-search: `customers:search` over 20,000 cached customers (seeded PRNG: Latin and Persian
 * names, a phone for most, an e-mail for a third), sealed in a real SQLite cache as the desk keeps
 * them. Queries are what a receptionist types: name beginnings, a surname, a Persian name with Arabic
 * letter forms, part of a phone, part of an e-mail, and one letter (the most matches). The target is
 * under 30 ms per search; the closing figure is the p95 over all queries and runs.
 *
 * Baseline, measured in the same run: what a cache without encryption would do, one SQLite query
 * `name LIKE '%q%' OR phone LIKE '%q%' OR email LIKE '%q%' LIMIT 20` over the same rows in clear
 * (no ranking, no folding of case beyond ASCII, accents, letter forms or phone punctuation).
 *
 * Also printed: building the index from the sealed rows (the first search after start-up or a full
 * snapshot pays it), and refreshing it after a 500-row delta.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Customer } from '../core/domain/schemas';
import { CacheCipher } from '../main/cache/cache.cipher';
import { openCacheDatabase } from '../main/cache/cache.database';
import { ScheduleCache } from '../main/cache/schedule.cache';
import { CustomerDirectory } from '../main/customers/customer-directory';
import { median, percentile, printBench } from './report';
import { seededRandom } from './seeded-random';

const CUSTOMERS = 20_000;
const RUNS = 30;
const QUERIES = [
  'em',
  'emma la',
  'laurent',
  'sara',
  'محمد',
  'كريمي',
  'رضا',
  '0912 34',
  '7700 9001',
  'gmail',
  'sara.1',
  'a',
];

const FIRST = [
  'Emma',
  'Olivia',
  'Noah',
  'Liam',
  'Sofia',
  'Mateo',
  'Hannah',
  'Daniel',
  'Grace',
  'Zara',
  'Sara',
  'Omar',
  'Priya',
  'Kenji',
  'Chloé',
  'José',
];
const LAST = [
  'Laurent',
  'Bennett',
  'Fischer',
  'O’Connor',
  'Rossi',
  'García',
  'Schmidt',
  'Kim',
  'Adeyemi',
  'Hussain',
  'Martin',
  'Haddad',
  'Nair',
  'Sato',
  'Müller',
  'Costa',
];
const FIRST_FA = [
  'محمد',
  'محمد‌رضا',
  'علی',
  'زهرا',
  'فاطمه',
  'مریم',
  'حسین',
  'سارا',
  'رضا',
  'نرگس',
  'امیر',
  'کیان',
];
const LAST_FA = ['کریمی', 'احمدی', 'رضایی', 'محمدی', 'حسینی', 'موسوی', 'جعفری', 'کاظمی', 'رحیمی', 'نوری'];
const DOMAINS = ['gmail.com', 'example.com', 'yahoo.ir', 'outlook.com'];
const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

function customers(): Customer[] {
  const random = seededRandom(20261127);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  return Array.from({ length: CUSTOMERS }, (_, i) => {
    const persian = random() < 0.4;
    const name = persian ? `${pick(FIRST_FA)} ${pick(LAST_FA)}` : `${pick(FIRST)} ${pick(LAST)}`;
    const roll = random();
    const phone =
      roll < 0.4
        ? `+44 7700 9${digits(5)}`
        : roll < 0.7
          ? `0912 ${digits(3)} ${digits(4)}`
          : roll < 0.85
            ? `۰۹۳۵ ${[...digits(7)].map((d) => PERSIAN_DIGITS[Number(d)]).join('')}`
            : undefined;
    const email =
      random() < 0.33
        ? `${persian ? 'user' : name.split(' ')[0]!.toLowerCase()}.${i}@${pick(DOMAINS)}`
        : undefined;
    return { id: randomUUID(), name, ...(phone ? { phone } : {}), ...(email ? { email } : {}) };
  });
}

const ms = (t0: number) => performance.now() - t0;

export async function run(): Promise<void> {
  const rows = customers();
  const cipher = CacheCipher.withRandomKey();
  const db = openCacheDatabase(':memory:', { cipher });
  const cache = new ScheduleCache(db, cipher);
  let t0 = performance.now();
  cache.putSnapshot({ customers: rows });
  console.log(`stored ${CUSTOMERS} sealed customers in ${ms(t0).toFixed(0)} ms`);

  const directory = new CustomerDirectory(cache.customers);
  t0 = performance.now();
  directory.warm();
  console.log(
    `index built from the sealed rows in ${ms(t0).toFixed(0)} ms (first search after start-up or a snapshot)`,
  );

  const plain = openCacheDatabase(':memory:');
  plain.exec(
    'CREATE TABLE plain_customers (id TEXT PRIMARY KEY, name TEXT NOT NULL, phone TEXT, email TEXT)',
  );
  const insert = plain.prepare('INSERT INTO plain_customers VALUES (?, ?, ?, ?)');
  plain.transaction(() => rows.forEach((c) => insert.run(c.id, c.name, c.phone ?? null, c.email ?? null)))();
  const like = plain.prepare(
    `SELECT id, name, phone, email FROM plain_customers
     WHERE name LIKE @q OR phone LIKE @q OR email LIKE @q LIMIT 20`,
  );

  const ours: number[] = [];
  const base: number[] = [];
  const perQuery = new Map<string, number[]>();
  for (let run = 0; run < RUNS + 3; run++) {
    for (const query of QUERIES) {
      t0 = performance.now();
      const found = directory.search(query, 20);
      const took = ms(t0);
      t0 = performance.now();
      like.all({ q: `%${query}%` });
      const tookBase = ms(t0);
      if (run < 3) continue; // warm-up
      ours.push(took);
      base.push(tookBase);
      perQuery.set(query, [...(perQuery.get(query) ?? []), took]);
      if (run === 3 && found.customers.length === 0) throw new Error(`no match for ${query}`);
    }
  }
  for (const [query, times] of perQuery)
    console.log(`  ${JSON.stringify(query).padEnd(12)} median ${median(times).toFixed(2)} ms`);

  const delta = rows.slice(0, 500).map((c) => ({ ...c, name: `${c.name} Jr` }));
  cache.customers.putCustomers(delta);
  t0 = performance.now();
  directory.search('jr', 20);
  console.log(`search right after a 500-customer delta (refresh included): ${ms(t0).toFixed(1)} ms`);

  console.log(
    `search over ${CUSTOMERS}: median ${median(ours).toFixed(2)} ms, p95 ${percentile(ours, 95).toFixed(2)} ms, max ${Math.max(...ours).toFixed(2)} ms (target < 30 ms); ` +
      `plain LIKE p95 ${percentile(base, 95).toFixed(2)} ms`,
  );
  db.close();
  plain.close();
  printBench('customer-search', percentile(ours, 95), 'ms', percentile(base, 95));
}
