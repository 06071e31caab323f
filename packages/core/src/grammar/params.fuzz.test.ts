import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseParameterHeader, serializeParameterHeader } from "./params.js";
import {
  anyUnicodeString,
  FUZZ_RUNS,
  headerishString,
  mutated,
  parameterShapedString,
  paramsArb,
  returnsOrThrowsPaymuxError,
  tokenArb,
} from "./test-helpers.js";

const runs = { numRuns: FUZZ_RUNS };
const legacy = { mode: "legacy" } as const;

// What serializeParameterHeader accepts in a value: field text without `"`, `;` and `\`.
const legacySafeValueArb = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom("\t", " ", "=", ",", "'"),
      fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)),
    ),
    maxLength: 30,
  })
  .filter((value) => !/["\\;\u007f]/.test(value));
const headerArb = fc.record({ token: tokenArb, params: paramsArb(legacySafeValueArb) });
const inputs = fc.oneof(
  anyUnicodeString,
  headerishString,
  parameterShapedString,
  mutated(headerArb.map(serializeParameterHeader)),
);

/** The MPP Test Kit `parseHeaderParams`, transcribed from payment-auth.md §8.1 as the model. */
function referenceParseHeaderParams(header: string): { token: string; params: Record<string, string> } {
  const parts = header.split(";").map((part) => part.trim());
  const params = Object.create(null) as Record<string, string>;
  for (const part of parts.slice(1)) {
    const index = part.indexOf("=");
    if (index === -1) continue;
    const key = part.slice(0, index).trim().toLowerCase();
    if (!key) continue;
    params[key] = part
      .slice(index + 1)
      .trim()
      .replace(/^"|"$/g, "");
  }
  return { token: parts[0] as string, params };
}

describe("serialize → parse is the identity", () => {
  test("strict and legacy readers both get the header back", () => {
    fc.assert(
      fc.property(headerArb, (header) => {
        const line = serializeParameterHeader(header);
        expect(parseParameterHeader(line)).toEqual(header);
        expect(parseParameterHeader(line, legacy)).toEqual(header);
      }),
      runs,
    );
  });
});

describe("legacy mode is the reference parser", () => {
  test("same result as the transcribed reference on arbitrary input", () => {
    fc.assert(
      fc.property(inputs, (text) => {
        expect(parseParameterHeader(text, legacy)).toEqual(referenceParseHeaderParams(text));
      }),
      runs,
    );
  });
});

describe("arbitrary input only ever returns or throws PaymuxError", () => {
  test("strict", () => {
    fc.assert(
      fc.property(inputs, (text) => returnsOrThrowsPaymuxError(() => parseParameterHeader(text))),
      runs,
    );
  });

  test("legacy", () => {
    fc.assert(
      fc.property(inputs, (text) => returnsOrThrowsPaymuxError(() => parseParameterHeader(text, legacy))),
      runs,
    );
  });

  test("serializer on arbitrary records", () => {
    const anyHeader = fc.record({
      token: anyUnicodeString,
      params: fc.dictionary(anyUnicodeString, anyUnicodeString, { maxKeys: 4 }),
    });
    fc.assert(
      fc.property(anyHeader, (header) => returnsOrThrowsPaymuxError(() => serializeParameterHeader(header))),
      runs,
    );
  });

  test("strict results have lowercase keys; the serializer writes or refuses them, never crashes", () => {
    fc.assert(
      fc.property(inputs, (text) => {
        let parsed: ReturnType<typeof parseParameterHeader>;
        try {
          parsed = parseParameterHeader(text);
        } catch {
          return;
        }
        for (const name of Object.keys(parsed.params)) expect(name).toBe(name.toLowerCase());
        returnsOrThrowsPaymuxError(() => serializeParameterHeader(parsed));
      }),
      runs,
    );
  });
});
