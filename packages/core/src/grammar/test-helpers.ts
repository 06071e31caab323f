// Shared by the grammar tests only; nothing in src imports it, so it never reaches the bundle.
import fc from "fast-check";
import { expect } from "vitest";
import { PaymuxError, type PaymuxErrorCode } from "../errors/index.js";

/** Runs per fuzz property: `FUZZ_RUNS` (the root `fuzz` script sets 200k) or 10k. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

/** Asserts that `run` throws a PaymuxError with `code` and returns it for further checks. */
export function expectPaymuxError(run: () => unknown, code: PaymuxErrorCode): PaymuxError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(PaymuxError);
  expect((thrown as PaymuxError).code).toBe(code);
  return thrown as PaymuxError;
}

/** Runs `parse` and fails the property on any throw that is not a PaymuxError. */
export function returnsOrThrowsPaymuxError(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof PaymuxError)) throw error;
  }
}

const LONE_SURROGATES = fc.constantFrom("\uD800", "\uDBFF", "\uDC00", "\uDFFF");

/** Any code point, lone surrogates included (fc's `binary` unit leaves those out). */
export const anyUnicodeString = fc.string({
  unit: fc.oneof(
    { weight: 20, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
    LONE_SURROGATES,
  ),
  maxLength: 80,
});

/** Characters that drive header scanners through every branch. */
export const HEADERISH_CHARS = [
  '"',
  ",",
  ";",
  "=",
  "\\",
  " ",
  "\t",
  "a",
  "Z",
  "0",
  "-",
  ".",
  "_",
  "~",
  "+",
  "/",
  "!",
  "(",
  "\u00e9",
  "\u20ac",
  "\n",
  "\u0000",
  "\u007f",
  "Payment",
  "Basic",
  "x402",
  "solana",
  "id",
  "realm",
  "request",
] as const;

/** Short strings built from {@link HEADERISH_CHARS}. */
export const headerishString = fc.string({ unit: fc.constantFrom(...HEADERISH_CHARS), maxLength: 40 });

/** Near-valid challenge lists from a loose regex: quoted/bare values, token68, stray commas, spaces, escapes. */
export const challengeShapedString = fc.stringMatching(
  /^(,? ?[A-Za-z0-9!#$%&'*+.^_`|~-]{1,6}( [A-Za-z0-9._~+/-]{1,8}={0,2}| ?, ?)?((, ?|,,| )[a-zA-Z][a-z0-9_]{0,4} ?= ?("([ !#-[\]-~]|\\[ -~]){0,8}"|[A-Za-z0-9.]{1,6})){0,3}){1,3}$/,
);

/** Near-valid `;`-parameter headers from a loose regex. */
export const parameterShapedString = fc.stringMatching(
  /^ ?[A-Za-z0-9.-]{0,6}( ?; ?([a-zA-Z][a-z0-9_]{0,4}( ?= ?("([ !#-:<-[\]-~]|\\[ -~]){0,8}"|[A-Za-z0-9."]{1,6}))?)?){0,4}$/,
);

/** `text` with a few random single-character edits, to probe the neighbourhood of valid inputs. */
export function mutated(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.record({ at: fc.nat(), kind: fc.nat(2), char: fc.constantFrom(...HEADERISH_CHARS) });
  return fc.tuple(text, fc.array(edit, { minLength: 1, maxLength: 4 })).map(([base, edits]) => {
    let out = base;
    for (const { at, kind, char } of edits) {
      const i = out.length === 0 ? 0 : at % (out.length + 1);
      if (kind === 0) out = out.slice(0, i) + char + out.slice(i);
      else if (kind === 1) out = out.slice(0, i) + out.slice(i + 1);
      else out = out.slice(0, i) + char + out.slice(i + 1);
    }
    return out;
  });
}

/** An RFC 9110 token. */
export const tokenArb = fc.string({
  unit: fc.constantFrom(..."!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
  minLength: 1,
  maxLength: 12,
});

/** A lowercase RFC 9110 token (what parsers return as parameter names). */
export const lowerTokenArb = tokenArb.map((token) => token.toLowerCase());

/** A string any quoted-string can carry: HTAB, SP, VCHAR and obs-text. */
export const fieldTextArb = fc.string({
  unit: fc.oneof(
    fc.constantFrom("\t", '"', "\\", " ", ",", ";", "="),
    fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
  ),
  maxLength: 30,
});

/** JSON values with full-Unicode strings, passed through JSON once so -0 becomes 0 (as JSON cannot tell). */
export const jsonArb: fc.Arbitrary<unknown> = fc
  .jsonValue({ stringUnit: "binary", maxDepth: 4 })
  .map((value) => JSON.parse(JSON.stringify(value)));

/** A record with distinct lowercase token keys and the given values. */
export function paramsArb(values: fc.Arbitrary<string>): fc.Arbitrary<Record<string, string>> {
  return fc
    .uniqueArray(fc.tuple(lowerTokenArb, values), { selector: ([name]) => name, maxLength: 6 })
    .map((entries) => Object.fromEntries(entries));
}
