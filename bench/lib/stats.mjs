// Small statistics and formatting helpers shared by the suites. Latencies are milliseconds (numbers): they are
// measurements, not money, so floats are fine here.

/** The q-quantile (0..1) of samples, nearest-rank: with few samples p99 is honestly the maximum. */
export function quantile(samples, q) {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** The median of samples. */
export const median = (samples) => quantile(samples, 0.5);

/** p50, p99 and mean of latency samples (ms). */
export function summarize(samples) {
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  return { n: samples.length, p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), mean };
}

/** Rounds for the results file: enough digits to compare, not so many that noise looks like signal. */
export function round(value, digits = 2) {
  if (!Number.isFinite(value)) return null;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** "1,234" style integers for the markdown tables. */
export const int = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "–");

/** Fixed decimals, or a dash for a missing figure. */
export const fixed = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "–");

/** A ratio as "0.93×". */
export const times = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "–");

/** Runs `task` `count` times, at most `concurrency` at a time, and collects what each run returns. */
export async function pool(count, concurrency, task) {
  const results = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** Calls `fn` repeatedly for about `ms` milliseconds (sequentially) and returns calls per second. */
export async function throughput(fn, { ms = 1000, min = 5 } = {}) {
  let calls = 0;
  const started = performance.now();
  while (performance.now() - started < ms || calls < min) {
    await fn(calls);
    calls++;
  }
  const seconds = (performance.now() - started) / 1000;
  return { calls, perSecond: calls / seconds, msEach: (seconds * 1000) / calls };
}
