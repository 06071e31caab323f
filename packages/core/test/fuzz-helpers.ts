// Shared by the *.fuzz.test.ts files of core (and, through a relative import, the client's and the facilitator's):
// how many cases to run, the "value or PaymuxError" oracle and the tests that apply it, and seed pools. Hostile
// values are in fuzz-values.ts, the structure-aware mutators in fuzz-mutators.ts, valid protocol values in
// fuzz-models.ts, core's dialect decoders as targets in fuzz-decoders.ts.
import fc from "fast-check";
import { it } from "vitest";
import { PaymuxError } from "../src/index.js";

function readRuns(value: string | undefined): number {
  const runs = Number(value);
  return Number.isSafeInteger(runs) && runs > 0 ? runs : 10_000;
}

/** Cases per fuzz target: `FUZZ_RUNS` (the root `pnpm fuzz` sets a large number), 10,000 by default (CI). */
export const FUZZ_RUNS = readRuns(process.env["FUZZ_RUNS"]);

/** fast-check options for `FUZZ_RUNS / divisor` cases (a divisor only for targets too costly for the full count). */
export function runs(divisor = 1): { numRuns: number } {
  return { numRuns: Math.max(1, Math.ceil(FUZZ_RUNS / divisor)) };
}

/**
 * A fixed pool of values of `arbitrary` to pick from. Generating a valid offer costs more than mutating and
 * parsing it, so structure-aware targets take seeds from a pool (deterministic, so a fast-check seed replays a
 * failure; larger when FUZZ_RUNS is) and let the mutations supply the variety.
 */
export function pool<T>(
  arbitrary: fc.Arbitrary<T>,
  size = Math.min(1000, Math.max(64, FUZZ_RUNS / 100)),
): fc.Arbitrary<T> {
  return fc.constantFrom(...fc.sample(arbitrary, { numRuns: Math.ceil(size), seed: 0x5eed }));
}

/** A {@link pool} of each of `names` in `source` (a module of models), under the same names. */
export function pools<S extends Record<K, fc.Arbitrary<unknown>>, K extends keyof S>(
  source: S,
  names: readonly K[],
): Pick<S, K> {
  return Object.fromEntries(names.map((name) => [name, pool(source[name])])) as Pick<S, K>;
}

/** Per-test timeout that grows with FUZZ_RUNS, so long `pnpm fuzz` runs are not cut at vitest's 60 s. */
export const FUZZ_TIMEOUT_MS = Math.max(60_000, FUZZ_RUNS * 5);

/** Fails when Object.prototype has gained an enumerable key: a parser (or a mutator) wrote through `__proto__`. */
export function assertNoPrototypePollution(): void {
  for (const key in {}) throw new Error(`Object.prototype was polluted with the key ${JSON.stringify(key)}`);
}

/**
 * Runs `parse`: passes when it returns or throws a PaymuxError; any other throw fails the property, and so does
 * a parse that polluted Object.prototype.
 */
export function valueOrPaymuxError(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof PaymuxError)) throw error;
  }
  assertNoPrototypePollution();
}

/** {@link valueOrPaymuxError} for async parsers. */
export async function valueOrPaymuxErrorAsync(parse: () => Promise<unknown>): Promise<void> {
  try {
    await parse();
  } catch (error) {
    if (!(error instanceof PaymuxError)) throw error;
  }
  assertNoPrototypePollution();
}

/** A fuzz target: its name, its inputs, and what is done with each input. */
export type FuzzTarget = [name: string, input: fc.Arbitrary<string>, parse: (input: string) => void];

/** One test per target (inside the caller's `describe`): every input returns or throws a PaymuxError. */
export function itReturnsOrThrowsPaymuxError(targets: readonly FuzzTarget[]): void {
  it.each(targets)(
    "%s",
    (_name, arbitrary, parse) => {
      fc.assert(
        fc.property(arbitrary, (input) => valueOrPaymuxError(() => parse(input))),
        runs(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
}

/**
 * The same value as an HTTP field value can carry it (fetch's Headers refuse NUL, CR, LF and code units above
 * U+00FF, as a Node server never produces them): those become `?`.
 */
export function asFieldValue(value: string): string {
  return value.replace(/[\u0000\r\n\u0100-\uffff]/g, "?");
}
