// How every suite runs: as its own process (bench/run.mjs starts one per suite), writing its figures as JSON
// to BENCH_OUT (or stdout), and exiting explicitly so a lingering socket or timer cannot hang the run.
import { writeFileSync } from "node:fs";

/** Quick mode (BENCH_QUICK=1): shorter samples, for checking that the suites run, not for figures. */
export const QUICK = process.env.BENCH_QUICK === "1";

/** Runs one suite: `body(log)` returns the figures; `log` writes progress to stderr. */
export async function runSuite(name, body) {
  const started = performance.now();
  const log = (line) => process.stderr.write(`  [${name}] ${line}\n`);
  try {
    const figures = await body(log);
    const result = { suite: name, ms: Math.round(performance.now() - started), quick: QUICK, ...figures };
    const json = JSON.stringify(
      result,
      (_key, value) => (typeof value === "bigint" ? String(value) : value),
      2,
    );
    if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, json);
    else process.stdout.write(`${json}\n`);
    process.exit(0);
  } catch (error) {
    log(`failed: ${error?.stack ?? error}`);
    process.exit(1);
  }
}
