/**
 * The one gate every IPC message passes, whether it came from Electron's ipcMain or from the local
 * bridge: the sender must be our own top frame, the channel must exist, and the arguments must match
 * the contract's schema, all before any service runs. Results are `Result`s; nothing is thrown across.
 */
import type { ChannelName, Contract, ParsedArgsOf, ValueOf } from '../../core/ipc/contract';
import { contract as defaultContract, isChannelName } from '../../core/ipc/contract';
import type { Result } from '../../core/ipc/result';
import { fail, ok } from '../../core/ipc/result';
import type { DeskText } from '../../core/i18n/desk-texts';
import { deskText } from '../../core/i18n/desk-texts';
import { sayDeskText } from '../i18n/desk-text';

/** Where a message came from, as the transport saw it. */
export interface IpcSender {
  /** URL of the frame that sent the message. */
  url: string;
  /** False for iframes: only the app's own top-level document may call main. */
  isTopFrame: boolean;
}

/** Runs one channel's service; throws only for bugs (mapped to `internal`) or an `IpcFailure`. */
export type IpcHandler<C extends ChannelName> = (args: ParsedArgsOf<C>) => ValueOf<C> | Promise<ValueOf<C>>;

/**
 * An expected failure a handler reports to the renderer (e.g. a day that is not cached). Given as a
 * text of main's catalogue, it reaches the renderer in the desk's language; `message` is its English.
 */
export class IpcFailure extends Error {
  readonly text: DeskText | null;

  constructor(
    readonly code: 'not_found' | 'unavailable' | 'forbidden' | 'conflict',
    message: string | DeskText,
  ) {
    super(typeof message === 'string' ? message : sayDeskText('en', message));
    this.text = typeof message === 'string' ? null : message;
  }
}

export class IpcRegistry {
  private readonly handlers = new Map<ChannelName, IpcHandler<ChannelName>>();

  /**
   * @param isTrustedUrl whether a frame URL is our own app (file:// bundle or the bridge's origin).
   * @param log where unexpected handler errors go; their details never reach the renderer.
   * @param say an {@link IpcFailure}'s text in the desk's language (English by default).
   */
  constructor(
    private readonly isTrustedUrl: (url: string) => boolean,
    private readonly log: (message: string, error: unknown) => void = () => {},
    private readonly contract: Contract = defaultContract,
    private readonly say: (text: DeskText) => string = (text) => sayDeskText('en', text),
  ) {}

  handle<C extends ChannelName>(channel: C, handler: IpcHandler<C>): this {
    if (this.handlers.has(channel)) throw new Error(`IPC channel ${channel} already has a handler`);
    this.handlers.set(channel, handler as unknown as IpcHandler<ChannelName>); // keyed by its own channel
    return this;
  }

  /** Channels with a handler, for transports that register per channel. */
  channels(): ChannelName[] {
    return [...this.handlers.keys()];
  }

  async dispatch(channel: string, rawArgs: unknown, sender: IpcSender): Promise<Result<unknown>> {
    if (!sender.isTopFrame || !this.isTrustedUrl(sender.url)) {
      return fail('forbidden', this.say(deskText('ipc.forbidden')));
    }
    if (!isChannelName(channel) || !this.handlers.has(channel)) {
      return fail('unknown_channel', `No such channel: ${channel}`);
    }
    const spec = this.contract[channel];
    const parsed = spec.args.safeParse(rawArgs);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((issue) => `${issue.path.length ? issue.path.join('.') : 'args'}: ${issue.message}`)
        .join('; ');
      return fail('invalid_args', detail);
    }
    try {
      const value = await this.handlers.get(channel)!(parsed.data as ParsedArgsOf<ChannelName>);
      const checked = spec.result.safeParse(value);
      if (!checked.success) {
        this.log(`IPC ${channel} returned a value outside its contract`, checked.error);
        return fail('internal', this.say(deskText('ipc.internal')));
      }
      return ok(checked.data);
    } catch (error) {
      if (error instanceof IpcFailure)
        return fail(error.code, error.text ? this.say(error.text) : error.message);
      this.log(`IPC ${channel} failed`, error);
      return fail('internal', this.say(deskText('ipc.internal')));
    }
  }
}
