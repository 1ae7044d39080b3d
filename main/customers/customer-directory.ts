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
  private readonly collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

  constructor(private readonly store: Pick<CustomerStore, 'all' | 'getMany' | 'onChange'>) {
    store.onChange((change) => {
      if ('all' in change) this.entries = null;
      else if (this.entries) for (const id of change.ids) this.dirty.add(id);
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

    const rankOf = (e: Entry): Rank => {
      if (words.length > 0) {
        if (e.name.startsWith(name)) return Rank.NamePrefix;
        if (words.every((w) => e.name.startsWith(w) || e.name.includes(` ${w}`))) return Rank.WordPrefix;
        if (words.every((w) => e.name.includes(w)) || e.compactName.includes(compact)) return Rank.NameInside;
      }
      if (email.length >= 2 && e.email.includes(email)) return Rank.Contact;
      if (digits && e.phone && (e.phone.includes(digits) || (national!.length >= 3 && e.phone.includes(national!))))
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

  /** Builds the index now (start-up), instead of on the first search. */
  warm(): void {
    this.current();
  }

  /** The index, built or brought up to date with the rows written since the last search. */
  private current(): Entry[] {
    if (!this.entries) {
      this.dirty.clear();
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
