/**
 * Sends the outbox to `POST /v1/sync/push` in order, in batches (API.md "Sync"). The API applies
 * each mutation once per (clientId, id): `applied` and `duplicate` stay in the outbox until a pull
 * brings the server's rows and `lastMutationIds` covers them; `rejected` leaves at once with its
 * problem kept for the UI and never blocks the mutations behind it. A `duplicate` that carries a
 * problem is a rejection whose answer was lost before (sent again after a restart): the same.
 */
import type { ApiClient } from '../api/api.client';
import type { QueuedMutation } from '../desk/desk-outbox';
import type { DeskStore, TouchedInstants } from '../desk/desk-store';
import type { RefusalProblem } from './refusal-words';
import { refusalWords } from './refusal-words';

interface PushResult {
  id: number;
  status: 'applied' | 'rejected' | 'duplicate';
  problem?: RefusalProblem;
}

/** What a push did, or why it stopped (`status` 0: the API could not be reached). */
export type PushOutcome =
  | { ok: true; sent: number; rejected: number; touched: TouchedInstants[] }
  | { ok: false; status: number; reason: string; sent: number; touched: TouchedInstants[] };

export class SyncPusher {
  /** Mutations up to this id have been answered in this run; a restart sends them again (duplicates). */
  private answeredThrough = 0;

  constructor(
    private readonly api: Pick<ApiClient, 'call'>,
    private readonly store: Pick<DeskStore, 'clientId' | 'queued' | 'reject'>,
    private readonly batchSize = 100,
  ) {}

  /** Pushes everything queued and not yet answered; stops at the first failed request. */
  async push(token: string): Promise<PushOutcome> {
    let sent = 0;
    let rejected = 0;
    const touched: TouchedInstants[] = [];
    for (;;) {
      const batch: QueuedMutation[] = this.store.queued(this.answeredThrough, this.batchSize);
      if (batch.length === 0) return { ok: true, sent, rejected, touched };
      const response = await this.api.call<{ results: PushResult[] }>('POST', '/v1/sync/push', token, {
        clientId: this.store.clientId,
        mutations: batch.map((m) => ({ id: m.id, name: m.name, args: m.args })),
      });
      if (!response.ok) {
        const { title, detail } = response.problem;
        return {
          ok: false,
          status: response.status,
          reason: `${title}${detail ? ` (${detail})` : ''}`,
          sent,
          touched,
        };
      }
      for (const result of response.value.results) {
        // A duplicate with a problem was refused before, its answer lost (a crash, a cut line).
        if (result.status === 'rejected' || (result.status === 'duplicate' && result.problem)) {
          rejected++;
          touched.push(
            this.store.reject(result.id, {
              type: result.problem?.type ?? 'about:blank',
              reason: refusalWords(result.problem),
            }),
          );
        }
        this.answeredThrough = Math.max(this.answeredThrough, result.id);
      }
      sent += batch.length;
      // An answer that skipped mutations (it should not) must not loop forever on them.
      this.answeredThrough = Math.max(this.answeredThrough, batch[batch.length - 1]!.id);
    }
  }
}
