/**
 * PokeNotifier: pokes leave in NOTIFY batches, one at a time; what arrives meanwhile is folded per
 * tenant into its highest version; a failed NOTIFY is logged and the next batch still goes.
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

  it('logs a failed NOTIFY and still sends the next pokes', async () => {
    const gate = gatedNotify();
    const warnings: string[] = [];
    const sut = new PokeNotifier('i1', gate.notify, (message) => warnings.push(message));
    sut.send('t1', 1);
    sut.send('t1', 2);
    await gate.settle(new Error('connection lost'));
    expect(warnings).toEqual(['sync pokes not sent to other instances: Error: connection lost']);
    expect(gate.calls[1]).toEqual(['i1:t1:2']);
  });

  it('sends nothing once closed', async () => {
    const gate = gatedNotify();
    const sut = new PokeNotifier('i1', gate.notify);
    sut.send('t1', 1);
    sut.send('t1', 2);
    sut.close();
    await gate.settle();
    sut.send('t1', 3);
    expect(gate.calls).toEqual([['i1:t1:1']]);
  });
});
