/** Shared helpers for benchmarks: timing, medians and the one closing BENCH line. */
import { performance } from 'node:perf_hooks';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times, and returns each run's milliseconds. */
export function timeRuns(fn: () => unknown, runs: number, warmup = 3): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times;
}

const round = (n: number) => Number(n.toPrecision(4));

/** Prints the closing line every benchmark ends with. Ratio is ours / baseline. */
export function printBench(name: string, value: number, unit: string, baseline: number): void {
  console.log(
    `BENCH ${name} ${round(value)} ${unit} baseline=${round(baseline)} ratio=${round(value / baseline)}`,
  );
}
