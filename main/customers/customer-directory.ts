/**
 * The desk's customer search: every cached customer decrypted once into memory, in name order, with
 * the folded forms search compares (search-text.ts). The store tells it which ids each write touched;
 * those rows are read again (committed state, so a rolled-back write leaves no trace) before the next
 * search. Nothing personal is kept anywhere but this process's memory.
 */
import type { CachedCustomer, CustomerStore } from './customer.store';
import { foldEmail, foldName, looksLikePhone, phoneDigits } from './search-text';

interface Entry {
  customer: CachedCustomer;
  name: string;
  /** `name` without spaces: "محمدرضا" finds "محمد رضا" and "محمد‌رضا". */
  compactName: string;
  email: string;
  phone: string;
}

/** Best first: the name starts with the query, a word of it does, it is inside, then phone/e-mail. */
const Rank = { NamePrefix: 0, WordPrefix: 1, NameInside: 2, Contact: 3, None: 4 } as const;
type Rank = (typeof Rank)[keyof typeof Rank];

export interface CustomerMatches {
  customers: CachedCustomer[];
  /** More customers matched than were returned. */
  truncated: boolean;
}

export class CustomerDirectory {
  /** Sorted by name (collation order); null until the first search. */
  private entries: Entry[] | null = null;
  private readonly dirty = new Set<string>();
  /** Bumped by a full replacement, so a warm-up in progress knows its rows are stale. */
  private generation = 0;
  private warming = false;
  private readonly collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

  constructor(private readonly store: Pick<CustomerStore, 'all' | 'ids' | 'getMany' | 'onChange'>) {
    store.onChange((change) => {
      if ('all' in change) {
        this.entries = null;
        this.generation++;
      } else if (this.entries || this.warming) for (const id of change.ids) this.dirty.add(id);
    });
  }

  /** Customers whose name, phone or e-mail match `query`, best first, at most `limit`. */
  search(query: string, limit = 20): CustomerMatches {
    const entries = this.current();
    const name = foldName(query);
    const words = name.split(' ').filter(Boolean);
    const compact = words.join('');
    const email = foldEmail(query);
    const digits = looksLikePhone(query) ? phoneDigits(query) : null;
    // A national number typed with its trunk 0 ("0912…") matches one stored as +98 912….
    const national = digits?.replace(/^0+/, '') ?? null;

    const first = words[0] ?? null;
    const spaced = words.map((w) => ` ${w}`);
    const byEmail = email.length >= 2;
    const rankOf = (e: Entry): Rank => {
      // Every name match needs the first word somewhere in the name: one test rejects most rows.
      if (first !== null && e.compactName.includes(first)) {
        if (e.name.startsWith(name)) return Rank.NamePrefix;
        if (words.every((w, i) => e.name.startsWith(w) || e.name.includes(spaced[i]!)))
          return Rank.WordPrefix;
        if (words.every((w) => e.name.includes(w)) || e.compactName.includes(compact)) return Rank.NameInside;
      }
      if (byEmail && e.email.length > 0 && e.email.includes(email)) return Rank.Contact;
      if (
        digits !== null &&
        e.phone.length > 0 &&
        (e.phone.includes(digits) || (national!.length >= 3 && e.phone.includes(national!)))
      )
        return Rank.Contact;
      return Rank.None;
    };

    const buckets: CachedCustomer[][] = [[], [], [], []];
    let matched = 0;
    for (const entry of entries) {
      const rank = rankOf(entry);
      if (rank === Rank.None) continue;
      matched++;
      // Entries are in name order, so each bucket stays in name order; no bucket needs more than `limit`.
      if (buckets[rank]!.length < limit) buckets[rank]!.push(entry.customer);
    }
    return { customers: buckets.flat().slice(0, limit), truncated: matched > limit };
  }

  /** Builds the index now, in one go (tests, benchmarks). */
  warm(): void {
    this.current();
  }

  /**
   * Builds the index a slice of rows at a time, yielding to the event loop in between, so IPC keeps
   * answering while a large cache is decrypted after start-up (20,000 customers take most of a second
   * on a busy machine). Rows written meanwhile are read again before the next search; a search that
   * comes first simply builds the index itself.
   */
  async warmUp(sliceRows = 1000): Promise<void> {
    if (this.entries || this.warming) return;
    this.warming = true;
    const generation = this.generation;
    try {
      const ids = this.store.ids();
      const built: Entry[] = [];
      for (let i = 0; i < ids.length; i += sliceRows) {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.entries || generation !== this.generation) return;
        for (const customer of this.store.getMany(ids.slice(i, i + sliceRows)).values())
          built.push(this.entryOf(customer));
      }
      if (!this.entries && generation === this.generation) this.entries = this.sorted(built);
    } finally {
      this.warming = false;
    }
  }

  /** The index, built or brought up to date with the rows written since the last search. */
  private current(): Entry[] {
    if (!this.entries) {
      this.dirty.clear(); // everything is read now
      this.entries = this.sorted(this.store.all().map((c) => this.entryOf(c)));
      return this.entries;
    }
    if (this.dirty.size > 0) {
      const ids = [...this.dirty];
      this.dirty.clear();
      const changed = new Set(ids);
      const kept = this.entries.filter((e) => !changed.has(e.customer.id));
      const fresh = this.sorted([...this.store.getMany(ids).values()].map((c) => this.entryOf(c)));
      this.entries = this.merge(kept, fresh);
    }
    return this.entries;
  }

  private entryOf(customer: CachedCustomer): Entry {
    const name = foldName(customer.name);
    return {
      customer,
      name,
      compactName: name.replaceAll(' ', ''),
      email: customer.email ? foldEmail(customer.email) : '',
      phone: customer.phone ? phoneDigits(customer.phone) : '',
    };
  }

  private compare = (a: Entry, b: Entry): number =>
    this.collator.compare(a.customer.name, b.customer.name) || (a.customer.id < b.customer.id ? -1 : 1);

  private sorted(entries: Entry[]): Entry[] {
    return entries.sort(this.compare);
  }

  /** Two sorted lists as one, in O(n + m). */
  private merge(a: Entry[], b: Entry[]): Entry[] {
    if (b.length === 0) return a;
    const out: Entry[] = new Array(a.length + b.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < a.length && j < b.length) out[k++] = this.compare(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
    while (i < a.length) out[k++] = a[i++]!;
    while (j < b.length) out[k++] = b[j++]!;
    return out;
  }
}
