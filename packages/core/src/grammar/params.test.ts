import { describe, expect, test } from "vitest";
import { MAX_HEADER_LENGTH } from "./lexer.js";
import { parseParameterHeader, serializeParameterHeader } from "./params.js";
import { expectPaymuxError } from "./test-helpers.js";

const legacy = { mode: "legacy" } as const;
const RECIPIENT = "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU";
const REQUEST_LINE = `solana; amount="0.001"; recipient="${RECIPIENT}"; network="devnet"`;
const REQUEST = { token: "solana", params: { amount: "0.001", recipient: RECIPIENT, network: "devnet" } };

describe("parseParameterHeader, strict (default)", () => {
  test("payment-auth.md §8.1 Payment-Request and Payment-Receipt", () => {
    expect(parseParameterHeader(REQUEST_LINE)).toEqual(REQUEST);
    expect(
      parseParameterHeader(
        'solana; signature="5UfDuX7hXbPjGUpTmt9PHRLsNGJe4dEny"; network="devnet"; amount="1e-7"',
      ),
    ).toEqual({
      token: "solana",
      params: { signature: "5UfDuX7hXbPjGUpTmt9PHRLsNGJe4dEny", network: "devnet", amount: "1e-7" },
    });
  });

  test("quote-aware: `;` inside a quoted-string does not split; escapes are unescaped", () => {
    expect(parseParameterHeader('solana; memo="a\\"b;c\\\\d"; n=1')).toEqual({
      token: "solana",
      params: { memo: 'a"b;c\\d', n: "1" },
    });
  });

  test("bare tokens, BWS, empty parameters, keys lowercased, token as written", () => {
    expect(parseParameterHeader(' Solana ;; Amount = 0.001 ;\tNetwork="devnet" ; ')).toEqual({
      token: "Solana",
      params: { amount: "0.001", network: "devnet" },
    });
    expect(parseParameterHeader("solana")).toEqual({ token: "solana", params: {} });
    expect(parseParameterHeader('solana; e=""').params.e).toBe("");
  });

  test.each([
    ["", "empty"],
    ['; amount="1"', "no leading token"],
    ['"solana"; a=1', "quoted leading token"],
    ["sol ana; a=1", "two words as token"],
    ["solana, a=1", "comma instead of ;"],
    ['solana amount="1"', "missing ;"],
    ["solana; amount", "parameter without ="],
    ["solana; amount=", "empty value"],
    ['solana; amount="1', "unterminated quoted-string"],
    ['solana; amount="1"; AMOUNT="2"', "duplicate key, any case"],
    ['solana; amount="1" x', "junk after a value"],
    ["solana; =1", "empty name"],
    ["solana; a=1=2", "second ="],
    ['solana; a="\u0001"', "CTL in a quoted-string"],
    ["solana; a=\u00e9", "non-token bare value"],
    ['solana; a="\u2014"', "character above U+00FF"],
    ["solana;\na=1", "newline"],
  ])("rejects %j (%s)", (value) => {
    expectPaymuxError(() => parseParameterHeader(value), "HEADER_MALFORMED");
  });
});

describe("parseParameterHeader, legacy (MPP Test Kit reference behaviour)", () => {
  test("the dialect's own headers", () => {
    expect(parseParameterHeader(REQUEST_LINE, legacy)).toEqual(REQUEST);
  });

  test.each([
    ["first piece returned unchecked", "anything goes here ; a=1", "anything goes here", { a: "1" }],
    ["`;` inside quotes splits", 'solana; memo="a;b"', "solana", { memo: "a" }],
    ["no backslash unescaping", 'solana; memo="a\\"b"', "solana", { memo: 'a\\"b' }],
    ["unbalanced quote tolerated", 'solana; k="v', "solana", { k: "v" }],
    ["a lone quote becomes empty", 'solana; k="', "solana", { k: "" }],
    ["only one quote stripped per side", 'solana; k=""""', "solana", { k: '""' }],
    ["pieces without `=` or with an empty key are skipped", "solana; flag; =x; ; k=1", "solana", { k: "1" }],
    [
      "key trimmed and lowercased, value trimmed outside the quotes",
      'solana;  K = " v " ',
      "solana",
      { k: " v " },
    ],
    ["last duplicate wins", "solana; a=1; A=2", "solana", { a: "2" }],
    ["split at the first `=` only", "solana; a=b=c", "solana", { a: "b=c" }],
    ["JS trim is Unicode-aware", "solana;\u00a0a=1\u00a0", "solana", { a: "1" }],
    ["empty value", "", "", {}],
    ["no parameters", "solana", "solana", {}],
  ])("%s", (_name, value, token, params) => {
    expect(parseParameterHeader(value, legacy)).toEqual({ token, params });
  });

  test("size cap applies in legacy mode too", () => {
    expectPaymuxError(
      () => parseParameterHeader(`solana; a="${"x".repeat(MAX_HEADER_LENGTH)}"`, legacy),
      "HEADER_TOO_LARGE",
    );
  });
});

describe("serializeParameterHeader", () => {
  test('emits `token; k="v"` in insertion order, readable by both modes', () => {
    expect(serializeParameterHeader(REQUEST)).toBe(REQUEST_LINE);
    expect(serializeParameterHeader({ token: "solana", params: {} })).toBe("solana");
    const odd = { token: "solana", params: { memo: " a=b, c\t\u00e9 ", e: "" } };
    const line = serializeParameterHeader(odd);
    expect(line).toBe('solana; memo=" a=b, c\t\u00e9 "; e=""');
    expect(parseParameterHeader(line)).toEqual(odd);
    expect(parseParameterHeader(line, legacy)).toEqual(odd);
  });

  test.each([
    ["empty token", { token: "", params: {} }],
    ["token with a space", { token: "sol ana", params: {} }],
    ["token with `;`", { token: "solana;", params: {} }],
    ["name with a space", { token: "solana", params: { "a b": "1" } }],
    ["empty name", { token: "solana", params: { "": "1" } }],
    ["names equal ignoring case", { token: "solana", params: { a: "1", A: "2" } }],
    ['value with `"`', { token: "solana", params: { a: 'x"y' } }],
    ["value with `;`", { token: "solana", params: { a: "x;y" } }],
    ["value with `\\`", { token: "solana", params: { a: "x\\y" } }],
    ["value with LF", { token: "solana", params: { a: "x\ny" } }],
    ["value with DEL", { token: "solana", params: { a: "\u007f" } }],
    ["value above U+00FF", { token: "solana", params: { a: "\u2014" } }],
  ])("refuses %s", (_name, header) => {
    expectPaymuxError(() => serializeParameterHeader(header), "HEADER_MALFORMED");
  });
});
