/**
 * PokeNotifier: pokes leave in NOTIFY batches, one at a time; what arrives meanwhile is folded per
 * tenant into its highest version; a failed or unanswered NOTIFY is logged and sent again; closing
 * sends what is pending.
 */
import { describe, expect, it } from 'vitest';
import { PokeNotifier } from './poke-notifier';

/** A notify whose calls stay pending until released, recording their payloads. */
function gatedNotify() {
  const calls: string[][] = [];
  const releases: ((error?: Error) => void)[] = [];
  const notify = (payloads: string[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push(payloads);
      releases.push((error) => (error ? reject(error) : resolve()));
    });
  const settle = async (error?: Error) => {
    releases.shift()!(error);
    await new Promise((r) => setImmediate(r));
  };
  return { calls, notify, settle };
}

describe(PokeNotifier.name, () => {
  it('sends a poke at once, and folds what arrives meanwhile into one per tenant at its highest version', async () => {
    const gate = gatedNotify();
    const sut = new PokeNotifier('i1', gate.notify);
    sut.send('t1', 5);
    expect(gate.calls).toEqual([['i1:t1:5']]);
    sut.send('t1', 7);
    sut.send('t2', 3);
    sut.send('t1', 6);
    expect(gate.calls).toHaveLength(1);
    await gate.settle();
    expect(gate.calls[1]).toEqual(['i1:t1:7', 'i1:t2:3']);
    await gate.settle();
    expect(gate.calls).toHaveLength(2);
  });

  it('logs a failed NOTIFY and sends its pokes again, with what arrived meanwhile', async () => {
    const gate = gatedNotify();
    const warnings: string[] = [];
    const sut = new PokeNotifier('i1', gate.notify, (message) => warnings.push(message));
    sut.send('t1', 1);
    sut.send('t2', 4);
    await gate.settle(new Error('connection lost'));
    expect(warnings).toEqual(['sync pokes not sent to other instances (will retry): Error: connection lost']);
    sut.send('t1', 2);
    while (gate.calls.length < 2) await new Promise((r) => setTimeout(r, 10));
    expect([...gate.calls[1]!].sort()).toEqual(['i1:t1:2', 'i1:t2:4']);
    await gate.settle();
    await sut.close();
  });

  it('gives up waiting for a NOTIFY that does not answer, and sends its pokes again', async () => {
    const calls: string[][] = [];
    const warnings: string[] = [];
    const notify = (payloads: string[]) => {
      calls.push(payloads);
      // The first never answers (a half-open connection); the next ones do.
      return calls.length === 1 ? new Promise<void>(() => undefined) : Promise.resolve();
    };
    const sut = new PokeNotifier('i1', notify, (message) => warnings.push(message), 30);
    sut.send('t1', 1);
    while (calls.length < 2) await new Promise((r) => setTimeout(r, 10));
    expect(calls).toEqual([['i1:t1:1'], ['i1:t1:1']]);
    expect(warnings[0]).toMatch(/no answer within 30 ms/);
    await sut.close();
  });

  it('on close, waits for the NOTIFY on its way and sends what is pending, then takes nothing more', async () => {
    const gate = gatedNotify();
    const sut = new PokeNotifier('i1', gate.notify);
    sut.send('t1', 1);
    sut.send('t2', 7);
    const closing = sut.close();
    await gate.settle();
    expect(gate.calls).toEqual([['i1:t1:1'], ['i1:t2:7']]);
    await gate.settle();
    await closing;
    sut.send('t1', 3);
    expect(gate.calls).toHaveLength(2);
  });
});
