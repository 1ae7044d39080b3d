/**
 * Where committed versions are announced inside one process. On SQLite (one process per database
 * file) the change feed emits here after commit (TenantTransaction.afterCommit); on PostgreSQL the
 * instance's LISTEN connection emits here for every `pg_notify` of any instance (../db/notification-listener.ts).
 * Tenant ids are random UUIDs, so several test apps in one process never see each other's pokes.
 */
import { EventEmitter } from 'node:events';

/** `(tenantId, version)` once a change of that tenant with that version is visible. */
export type PokeHandler = (tenantId: string, version: number) => void;

/** A tenant-keyed poke emitter. */
export class PokeBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    // One listener per open event stream: there is no meaningful default limit.
    this.#emitter.setMaxListeners(0);
  }

  emit(tenantId: string, version: number): void {
    this.#emitter.emit('poke', tenantId, version);
  }

  /** Calls `handler` for every poke; returns the unsubscribe function. */
  subscribe(handler: PokeHandler): () => void {
    this.#emitter.on('poke', handler);
    return () => this.#emitter.off('poke', handler);
  }

  /** Current subscribers (tests check that closed streams are cleaned up). */
  get subscriberCount(): number {
    return this.#emitter.listenerCount('poke');
  }
}

/** The process's bus for SQLite commits (see the module comment). */
export const localCommits = new PokeBus();
