/**
 * A PostgreSQL instance's pokes: its own commits (Database.changes) and the other instances'
 * (NOTIFY on its LISTEN connection, ../db/notification-listener.ts), for its event streams
 * (instance-pokes.ts). On SQLite the streams listen to Database.changes directly.
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
