/**
 * main -> renderer events (core/ipc/desk-events.ts) on their way out: each is checked against its
 * schema once here, then handed to every transport listening (Electron's webContents.send, the local
 * bridge's event streams). The last state-like event of each kind is kept, so a stream that connects
 * late (a reload, a reconnect) starts from the current session and sync status; the latest other
 * events are kept by their position, so a window whose first reads were taken at a position, or a
 * stream that dropped after one, is told every change it missed since.
 */
import type { DeskEvent, DeskEventName } from '../../core/ipc/desk-events';
import { deskEvents } from '../../core/ipc/desk-events';

/** An event and its position: the count of events sent before and with it. */
export type DeskEventListener = (event: DeskEvent, position: number) => void;

/** How many of the latest changes are kept for a subscriber that asks from an earlier position. */
const KEPT_CHANGES = 500;

/** Said to a subscriber whose position is older than the changes kept: read every day again. */
const EVERYTHING_CHANGED: DeskEvent = {
  name: 'schedule:changed',
  payload: { from: '1970-01-01', to: '9999-12-31' },
};

/** Events that describe a state: a late subscriber gets the latest at once. */
const STATE_EVENTS: ReadonlySet<DeskEventName> = new Set(['session:status', 'sync:status']);

export class DeskEventBus {
  private readonly listeners = new Set<DeskEventListener>();
  private readonly latest = new Map<DeskEventName, DeskEvent>();
  /** The latest changes (events that are not states), oldest first, with their positions. */
  private readonly changes: { position: number; event: DeskEvent }[] = [];
  private sent = 0;
  /** The position of the latest change no longer kept (0: none dropped yet). */
  private dropped = 0;

  constructor(private readonly log: (message: string, error: unknown) => void = () => {}) {}

  emit(event: DeskEvent): void {
    const checked = deskEvents[event.name].safeParse(event.payload);
    if (!checked.success) {
      this.log(`Event ${event.name} is outside its contract; not sent`, checked.error);
      return;
    }
    const sent = { name: event.name, payload: checked.data } as DeskEvent; // parsed by its own schema
    const position = ++this.sent;
    if (STATE_EVENTS.has(event.name)) this.latest.set(event.name, sent);
    else {
      this.changes.push({ position, event: sent });
      if (this.changes.length > KEPT_CHANGES) this.dropped = this.changes.shift()!.position;
    }
    for (const listener of this.listeners) {
      try {
        listener(sent, position);
      } catch (error) {
        this.log(`A listener of ${event.name} failed`, error);
      }
    }
  }

  /** The position of the latest event sent: a subscriber from here on misses nothing after it. */
  get position(): number {
    return this.sent;
  }

  /**
   * Listens until the returned function is called; `replay` first sends the latest states, `after`
   * then the changes sent after that position (or, when they are no longer all kept, that everything
   * changed).
   */
  subscribe(
    listener: DeskEventListener,
    { replay = false, after }: { replay?: boolean; after?: number } = {},
  ): () => void {
    this.listeners.add(listener);
    if (replay) for (const event of this.latest.values()) listener(event, this.sent);
    if (after !== undefined && after < this.sent) {
      if (this.dropped > after) listener(EVERYTHING_CHANGED, this.sent);
      else for (const kept of this.changes) if (kept.position > after) listener(kept.event, kept.position);
    }
    return () => void this.listeners.delete(listener);
  }
}
