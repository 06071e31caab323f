// Hostile values for the fuzz targets: strings and JSON values a peer could send where something specific is
// expected (controls, unicode, lone surrogates, numberish text, 2^256, prototype keys, deep nesting, long runs).
import fc from "fast-check";

/** 2^256: one more than the largest uint256. */
export const TWO_POW_256 = (1n << 256n).toString();

/** Characters that break naive parsers: controls, separators, quotes, non-ASCII, lone surrogates, BOM. */
export const NASTY_CHARS = [
  "\u0000",
  "\u0001",
  "\t",
  "\n",
  "\r",
  "\u001b",
  "\u007f",
  "\u0080",
  "\u0085",
  "\u00a0",
  "\u00e9",
  "\u00ff",
  "\u0130",
  "\u2028",
  "\u20ac",
  "\ufeff",
  "\ufffd",
  "\ud800",
  "\udfff",
  "\ud83d\ude00",
  " ",
  '"',
  "'",
  "\\",
  ",",
  ";",
  "=",
  ":",
  "/",
  "+",
  "-",
  "_",
  "%",
  "{",
  "}",
  "[",
  "]",
] as const;

/** Strings that look like numbers to someone: signs, floats, exponents, hex, 2^256, other scripts' digits. */
export const NUMBERISH = [
  "0",
  "-0",
  "-1",
  "+1",
  "01",
  "00",
  "1.",
  ".1",
  "1.5",
  "0.0000001",
  "1e6",
  "1E-7",
  "1e400",
  "0x10",
  "0b1",
  "1_000",
  " 1",
  "1 ",
  "Infinity",
  "-Infinity",
  "NaN",
  "\u0663",
  "\uff11",
  TWO_POW_256,
  `-${TWO_POW_256}`,
  `${TWO_POW_256}.5`,
  "9".repeat(79),
  "1".padEnd(400, "0"),
  `0.${"0".repeat(40)}1`,
] as const;

/** Keys that collide with Object.prototype: a parser that indexes a plain object with them gets a function. */
export const PROTO_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];

/** One character of any kind, lone surrogates included. */
export const anyChar = fc.oneof(
  { weight: 10, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 5, arbitrary: fc.constantFrom(...NASTY_CHARS) },
  { weight: 5, arbitrary: fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 }) },
);

/** A long run of one short piece (up to 20,000 characters): size caps and linear-time scanning. */
export const longString = fc
  .tuple(fc.string({ unit: anyChar, minLength: 1, maxLength: 4 }), fc.integer({ min: 100, max: 20_000 }))
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

/** Any string a peer could send: random unicode, nasty characters, numberish text, prototype keys, long runs. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: anyChar, maxLength: 60 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NUMBERISH, ...PROTO_KEYS) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 1, arbitrary: longString },
);

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` levels. */
export function nested(depth: number, object: boolean): unknown {
  let value: unknown = object ? {} : [];
  for (let i = 0; i < depth; i++) value = object ? { a: value } : [value];
  return value;
}

/** An own `__proto__` key (as JSON.parse makes it), which an assignment would turn into a prototype. */
const protoObject = fc
  .jsonValue({ maxDepth: 1 })
  .map((value) => JSON.parse(`{"__proto__":${JSON.stringify(value)}}`));

/** JSON values a peer could send where something specific is expected. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 4, arbitrary: hostileString },
  {
    weight: 3,
    arbitrary: fc.constantFrom(2 ** 256, -1, -0, 0, 1.5, 1e21, 1e308, 5e-324, 2 ** 53 + 2, -(2 ** 63)),
  },
  // Moderate depths only: every case pays for a nesting several times over. Nesting up to each size cap is
  // checked once per decoder by plain tests ("at the size caps" in dialects.fuzz.test.ts).
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 1, max: 300 }), fc.boolean()).map(([d, o]) => nested(d, o)),
  },
  // Sizes from one integer, not element by element: generating a 5,000-element array costs more than parsing it.
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 5000 }).map((length) => new Array(length).fill(1)) },
  { weight: 1, arbitrary: protoObject },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
);
