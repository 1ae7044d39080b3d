import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue';

describe(SerialQueue.name, () => {
  it('runs tasks one at a time in call order, even when one fails', async () => {
    const sut = new SerialQueue();
    const events: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      sut.run(task('a')),
      sut.run(task('b', true)),
      sut.run(task('c')),
    ]);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('runs a task started from inside a running task at once instead of deadlocking', async () => {
    const sut = new SerialQueue();
    const result = await sut.run(async () => `outer+${await sut.run(async () => 'inner')}`);
    expect(result).toBe('outer+inner');
  });
});
