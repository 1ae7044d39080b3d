/**
 * main -> renderer events (core/ipc/desk-events.ts) on their way out: each is checked against its
 * schema once here, then handed to every transport listening (Electron's webContents.send, the local
 * bridge's event streams). The last state-like event of each kind is kept, so a stream that connects
 * late (a reload, a reconnect) starts from the current session and sync status.
 */
import type { DeskEvent, DeskEventName } from '../../core/ipc/desk-events';
import { deskEvents } from '../../core/ipc/desk-events';

export type DeskEventListener = (event: DeskEvent) => void;

/** Events that describe a state: a late subscriber gets the latest at once. */
const STATE_EVENTS: ReadonlySet<DeskEventName> = new Set(['session:status', 'sync:status']);

export class DeskEventBus {
  private readonly listeners = new Set<DeskEventListener>();
  private readonly latest = new Map<DeskEventName, DeskEvent>();

  constructor(private readonly log: (message: string, error: unknown) => void = () => {}) {}

  emit(event: DeskEvent): void {
    const checked = deskEvents[event.name].safeParse(event.payload);
    if (!checked.success) {
      this.log(`Event ${event.name} is outside its contract; not sent`, checked.error);
      return;
    }
    const sent = { name: event.name, payload: checked.data } as DeskEvent; // parsed by its own schema
    if (STATE_EVENTS.has(event.name)) this.latest.set(event.name, sent);
    for (const listener of this.listeners) {
      try {
        listener(sent);
      } catch (error) {
        this.log(`A listener of ${event.name} failed`, error);
      }
    }
  }

  /** Listens until the returned function is called; `replay` first sends the latest states. */
  subscribe(listener: DeskEventListener, { replay = false }: { replay?: boolean } = {}): () => void {
    this.listeners.add(listener);
    if (replay) for (const event of this.latest.values()) listener(event);
    return () => void this.listeners.delete(listener);
  }
}
