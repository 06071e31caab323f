import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { canonicalizeJson } from "./jcs.js";
import { anyUnicodeString, FUZZ_RUNS, jsonArb, returnsOrThrowsPaymuxError } from "./test-helpers.js";

const runs = { numRuns: FUZZ_RUNS };

/** A deep copy whose objects list their keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).reverse()) {
    Object.defineProperty(out, key, {
      value: reverseKeys((value as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

describe("canonicalizeJson properties", () => {
  test("parses back to the same value, and is idempotent", () => {
    fc.assert(
      fc.property(jsonArb, (value) => {
        const canonical = canonicalizeJson(value);
        const reparsed: unknown = JSON.parse(canonical);
        expect(reparsed).toEqual(value);
        expect(canonicalizeJson(reparsed)).toBe(canonical);
      }),
      runs,
    );
  });

  test("does not depend on key insertion order", () => {
    fc.assert(
      fc.property(jsonArb, (value) => {
        expect(canonicalizeJson(reverseKeys(value))).toBe(canonicalizeJson(value));
      }),
      runs,
    );
  });

  test("has no insignificant whitespace", () => {
    fc.assert(
      fc.property(jsonArb, (value) => {
        // Not JSON.stringify(JSON.parse(...)) as the oracle: that puts integer-like keys first, JCS must not.
        const outsideStrings = canonicalizeJson(value).replace(/"(?:[^"\\]|\\.)*"/g, '""');
        expect(outsideStrings).not.toMatch(/\s/);
      }),
      runs,
    );
  });
});

describe("arbitrary values only ever return or throw PaymuxError", () => {
  test("fc.anything with every exotic option", () => {
    const anything = fc.anything({
      maxDepth: 4,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      key: anyUnicodeString,
    });
    fc.assert(
      fc.property(anything, (value) => returnsOrThrowsPaymuxError(() => canonicalizeJson(value))),
      runs,
    );
  });
});
