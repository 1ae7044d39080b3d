/** Answers `session:status`: who is signed in, whether the API is reachable, what is waiting to sync. */
import type { SessionStatus } from '../../core/ipc/session.ipc';
import type { MetaStore } from '../cache/meta.store';
import type { OutboxStore } from '../cache/outbox.store';

/** The account shown in the header, stored in the cache's meta table once signed in. */
export interface SessionAccount {
  /** The API this desktop belongs to; null while it has never reached one. */
  apiBaseUrl: string | null;
  businessName: string;
  userName: string;
  timeZone: string;
  /** True once the account exists on the API and its credential is held by main. */
  signedIn: boolean;
}

export const ACCOUNT_META_KEY = 'session.account';

export class SessionService {
  constructor(
    private readonly meta: Pick<MetaStore, 'get'>,
    private readonly outbox: Pick<OutboxStore, 'count'>,
    private readonly connectivity: { isOnline(): boolean },
  ) {}

  status(): SessionStatus {
    const account = this.meta.get<SessionAccount>(ACCOUNT_META_KEY);
    return {
      signedIn: account?.signedIn ?? false,
      apiBaseUrl: account?.apiBaseUrl ?? null,
      role: null,
      signingIn: false,
      signedOutReason: null,
      suggestedApiBaseUrl: null,
      credentials: null,
      businessName: account?.businessName ?? null,
      userName: account?.userName ?? null,
      timeZone: account?.timeZone ?? null,
      online: this.connectivity.isOnline(),
      pendingChanges: this.outbox.count(),
    };
  }
}
