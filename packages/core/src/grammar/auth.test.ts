import { describe, expect, test } from "vitest";
import { parseAuthorization, parseChallenges, serializeAuthorization, serializeChallenge } from "./auth.js";
import { MAX_HEADER_LENGTH } from "./lexer.js";
import { expectPaymuxError } from "./test-helpers.js";

// payment-auth.md §7.2 E1, verbatim.
const E1_REQUEST =
  "eyJhbW91bnQiOiIxMDAwMDAwIiwiY3VycmVuY3kiOiIweDAzNkNiRDUzODQyYzU0MjY2MzRlNzkyOTU0MWVDMjMxOGYzZENGN2UiLCJtZXRob2REZXRhaWxzIjp7ImNoYWluSWQiOjg0NTMyLCJjcmVkZW50aWFsVHlwZXMiOlsiYXV0aG9yaXphdGlvbiJdLCJkZWNpbWFscyI6Nn0sInJlY2lwaWVudCI6IjB4NzQyZDM1Q2M2NjM0YzA1MzI5MjVhM2I4NDRiQzllNzU5NUY4ZkUwMCJ9";
const E1_PARAMS = {
  id: "pBm1-gcySyu6XWvrnasN7bgOyZ67xj53WhaiOEWAMKw",
  realm: "api.example.com",
  method: "evm",
  intent: "charge",
  request: E1_REQUEST,
  expires: "2026-04-01T12:05:00Z",
};
const E1_LINE = `Payment id="pBm1-gcySyu6XWvrnasN7bgOyZ67xj53WhaiOEWAMKw", realm="api.example.com", method="evm", intent="charge", request="${E1_REQUEST}", expires="2026-04-01T12:05:00Z"`;

describe("parseChallenges", () => {
  test("payment-auth §7.2 E1 challenge", () => {
    expect(parseChallenges(E1_LINE)).toEqual([{ scheme: "Payment", params: E1_PARAMS }]);
  });

  test("payment-auth §7.1 core challenge, folds joined onto one line", () => {
    const line =
      'Payment id="x7Tg2pLqR9mKvNwY3hBcZa", realm="api.example.com", method="example", intent="charge", ' +
      'expires="2025-01-15T12:05:00Z", request="eyJhbW91bnQiOiIxMDAwIiwiY3VycmVuY3kiOiJVU0QiLCJyZWNpcGllbnQiOiJhY2N0XzEyMyJ9"';
    const [challenge] = parseChallenges(line);
    expect(challenge?.params.id).toBe("x7Tg2pLqR9mKvNwY3hBcZa");
    expect(challenge?.params.request).toBe(
      "eyJhbW91bnQiOiIxMDAwIiwiY3VycmVuY3kiOiJVU0QiLCJyZWNpcGllbnQiOiJhY2N0XzEyMyJ9",
    );
    expect(Object.keys(challenge?.params ?? {})).toEqual([
      "id",
      "realm",
      "method",
      "intent",
      "expires",
      "request",
    ]);
  });

  test("several schemes on one comma-joined line", () => {
    expect(
      parseChallenges(
        'Bearer realm="x", Payment id="a", realm="b", method="evm", intent="charge", request="e30"',
      ),
    ).toEqual([
      { scheme: "Bearer", params: { realm: "x" } },
      { scheme: "Payment", params: { id: "a", realm: "b", method: "evm", intent: "charge", request: "e30" } },
    ]);
  });

  test("RFC 9110 §11.6.1 example, in both orders", () => {
    const basic = { scheme: "Basic", params: { realm: "simple" } };
    const newauth = { scheme: "Newauth", params: { realm: "apps", type: "1", title: 'Login to "apps"' } };
    expect(
      parseChallenges('Basic realm="simple", Newauth realm="apps", type=1, title="Login to \\"apps\\""'),
    ).toEqual([basic, newauth]);
    expect(
      parseChallenges('Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"'),
    ).toEqual([newauth, basic]);
  });

  test("token68 challenges and schemes without params", () => {
    // RFC 9110: `id=` right after a scheme is a token68, not an empty parameter.
    expect(parseChallenges("Payment id=")).toEqual([{ scheme: "Payment", token68: "id=", params: {} }]);
    expect(parseChallenges("Basic dXNlcjpwYXNz=")).toEqual([
      { scheme: "Basic", token68: "dXNlcjpwYXNz=", params: {} },
    ]);
    expect(
      parseChallenges('Negotiate, Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==, Newauth a/b+c~d._-, Bearer realm="r"'),
    ).toEqual([
      { scheme: "Negotiate", params: {} },
      { scheme: "Basic", token68: "QWxhZGRpbjpvcGVuIHNlc2FtZQ==", params: {} },
      { scheme: "Newauth", token68: "a/b+c~d._-", params: {} },
      { scheme: "Bearer", params: { realm: "r" } },
    ]);
  });

  test("quoted-strings: escapes unescaped, commas and `=` inside stay opaque, obs-text kept", () => {
    expect(
      parseChallenges('Payment realm="a\\"b\\\\c", id="x\\,y", description="a, b=c; d", note="caf\u00e9"'),
    ).toEqual([
      {
        scheme: "Payment",
        params: { realm: 'a"b\\c', id: "x,y", description: "a, b=c; d", note: "caf\u00e9" },
      },
    ]);
    // A strict RFC reader takes mppx's `\u2014` escape as the text "u2014" (payment-auth.md §1.1).
    expect(parseChallenges('Payment d="\\u2014"')[0]?.params.d).toBe("u2014");
    expect(parseChallenges('Payment d=""')[0]?.params.d).toBe("");
  });

  test("BWS around `=`, OWS and empty list elements", () => {
    expect(parseChallenges(' ,, Payment id = "a" ,\trealm=\tb ,, ,Basic x  ,')).toEqual([
      { scheme: "Payment", params: { id: "a", realm: "b" } },
      { scheme: "Basic", token68: "x", params: {} },
    ]);
    expect(parseChallenges("")).toEqual([]);
    expect(parseChallenges(" , ,")).toEqual([]);
    expect(parseChallenges([])).toEqual([]);
  });

  test("scheme kept as written, param names lowercased, bare token values", () => {
    expect(parseChallenges("PAYMENT ID=abc, Method=evm")).toEqual([
      { scheme: "PAYMENT", params: { id: "abc", method: "evm" } },
    ]);
    expect(parseChallenges("x402 amount=0.001, currency=USDC, network=base")).toEqual([
      { scheme: "x402", params: { amount: "0.001", currency: "USDC", network: "base" } },
    ]);
  });

  test("several field lines parse like their Headers.get join", () => {
    const lines = ['Payment id="a", realm="r"', 'Payment id="b", method="solana"', "Basic abc="];
    expect(parseChallenges(lines)).toEqual(parseChallenges(lines.join(", ")));
    expect(parseChallenges(lines)).toHaveLength(3);
  });

  test("the same param name in different challenges is fine", () => {
    expect(parseChallenges('Payment id="a", Payment id="b"').map((c) => c.params.id)).toEqual(["a", "b"]);
  });

  test("names like __proto__ are plain keys", () => {
    const [challenge] = parseChallenges('Payment __proto__="x", constructor="y"');
    expect(Object.entries(challenge?.params ?? {})).toEqual([
      ["__proto__", "x"],
      ["constructor", "y"],
    ]);
    expect(parseChallenges("Payment")[0]?.params.constructor).toBeUndefined();
  });

  test("legacy mode reads space-separated params (payment-auth.md §8.2)", () => {
    const legacy = { legacySpaceSeparated: true };
    expect(parseChallenges("x402 amount=0.001 currency=USDC network=base", legacy)).toEqual([
      { scheme: "x402", params: { amount: "0.001", currency: "USDC", network: "base" } },
    ]);
    expect(parseChallenges('x402  amount = "0, 001"\tnote="a b"', legacy)).toEqual([
      { scheme: "x402", params: { amount: "0, 001", note: "a b" } },
    ]);
    expect(parseChallenges(["x402 amount=1 network=base", 'Payment id="a", realm="r"'], legacy)).toEqual([
      { scheme: "x402", params: { amount: "1", network: "base" } },
      { scheme: "Payment", params: { id: "a", realm: "r" } },
    ]);
    // Comma-separated input is still parsed as RFC 9110 in legacy mode.
    expect(parseChallenges('Bearer realm="x", Payment id="a"', legacy)).toHaveLength(2);
  });

  test("legacy mode still refuses space-separated params on a line with a top-level comma", () => {
    const legacy = { legacySpaceSeparated: true };
    expectPaymuxError(
      () => parseChallenges('x402 amount=0.001 currency=USDC, Payment id="a"', legacy),
      "HEADER_MALFORMED",
    );
    expectPaymuxError(
      () => parseChallenges('Payment id="a", x402 amount=1 currency=USDC', legacy),
      "HEADER_MALFORMED",
    );
    expectPaymuxError(() => parseChallenges("x402 amount=1 currency=USDC,", legacy), "HEADER_MALFORMED");
    expectPaymuxError(() => parseChallenges("x402 amount=1 currency", legacy), "HEADER_MALFORMED");
    expectPaymuxError(() => parseChallenges("x402 amount=1 Payment id=2", legacy), "HEADER_MALFORMED");
    expectPaymuxError(() => parseChallenges('x402 amount="1"currency=2', legacy), "HEADER_MALFORMED");
  });

  test.each([
    ['id="a"', "param without a scheme"],
    ['Payment id="a', "unterminated quoted-string"],
    ['Payment id="a\\', "unterminated after a backslash"],
    ['Payment id="a", id="b"', "duplicate param"],
    ['Payment ID="a", realm="r", id="b"', "duplicate param, other case"],
    ["Payment realm=r, id=", "missing value at the end"],
    ["Payment id= , realm=r", "missing value before a comma"],
    ["Payment id=a b", "space-separated value in strict mode"],
    ["x402 amount=0.001 currency=USDC network=base", "legacy form in strict mode"],
    ['Payment id="a"b', "junk after a quoted-string"],
    ['Payment"x"', "no space after the scheme"],
    ["Payment id=@", "illegal character in a token"],
    ["Payment (x)", "illegal character after the scheme"],
    ['Payment id="\u0001"', "CTL in a quoted-string"],
    ['Payment id="\\\u0007"', "escaped CTL"],
    ['Payment id="\u2014"', "character above U+00FF"],
    ['Payment id="a"\r\n realm="b"', "CR LF (obs-fold)"],
    ['Basic abc=, realm="x"', "param after a token68"],
    ["Payment id=a=b", "second `=`"],
    ["Payment abc def", "two bare words"],
    ["=a", "bare `=`"],
    ['\u00e9 realm="x"', "non-ASCII scheme"],
    ['Payment id="a";realm="b"', "`;` separator"],
  ])("rejects %j (%s)", (value) => {
    expectPaymuxError(() => parseChallenges(value), "HEADER_MALFORMED");
  });

  test("the size cap is checked before scanning, on the joined length", () => {
    const fits = `Payment id="${"a".repeat(MAX_HEADER_LENGTH - 13)}"`;
    expect(fits).toHaveLength(MAX_HEADER_LENGTH);
    expect(parseChallenges(fits)[0]?.params.id).toHaveLength(MAX_HEADER_LENGTH - 13);
    expectPaymuxError(() => parseChallenges(`${fits} `), "HEADER_TOO_LARGE");
    // Garbage past the cap is refused as too large, not as malformed: nothing was scanned.
    expectPaymuxError(() => parseChallenges("\u0000".repeat(MAX_HEADER_LENGTH + 1)), "HEADER_TOO_LARGE");
    // Two lines of 8192 plus the ", " a join would add: 16386 > 16384.
    const half = "a".repeat(MAX_HEADER_LENGTH / 2);
    expectPaymuxError(() => parseChallenges([half, half]), "HEADER_TOO_LARGE");
    expect(parseChallenges([half.slice(2), half])).toHaveLength(2);
  });

  test("errors name an offset, never the value", () => {
    const error = expectPaymuxError(() => parseChallenges('Payment id="secret-token'), "HEADER_MALFORMED");
    expect(error.message).not.toContain("secret");
    expect(error.context.position).toBe(11);
  });
});

describe("parseAuthorization", () => {
  test("Payment token68 credential, padded or not", () => {
    expect(parseAuthorization("Payment eyJhIjoxfQ")).toEqual({
      scheme: "Payment",
      token68: "eyJhIjoxfQ",
      params: {},
    });
    expect(parseAuthorization("payment  eyJhIjoxfQ== ").token68).toBe("eyJhIjoxfQ==");
  });

  test("RFC 7617 Basic and auth-param credentials", () => {
    expect(parseAuthorization("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==").token68).toBe(
      "QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
    );
    expect(
      parseAuthorization('Digest username="Mufasa", realm="http-auth@example.org", nc=00000001'),
    ).toEqual({
      scheme: "Digest",
      params: { username: "Mufasa", realm: "http-auth@example.org", nc: "00000001" },
    });
    expect(parseAuthorization("Bearer")).toEqual({ scheme: "Bearer", params: {} });
  });

  test.each([
    ["", "empty"],
    ["   ", "whitespace only"],
    [" , ,", "empty list"],
    ["Payment abc, Payment def", "two credentials"],
    ["Payment abc def", "two words"],
    ['Payment "abc"', "quoted token68"],
    ["Payment abc=def=", "broken param"],
    ["Payment abc, id=x", "param after token68"],
    ["id=x", "param without a scheme"],
    ["Payment ab\u0000c", "NUL"],
    ["Payment\tabc\n", "newline"],
    ["Payment abc\u00e9", "non-ASCII token68"],
    ["Payment abc=\u00e9", "non-ASCII value"],
  ])("rejects %j (%s)", (value) => {
    expectPaymuxError(() => parseAuthorization(value), "HEADER_MALFORMED");
  });

  test("size cap", () => {
    expectPaymuxError(
      () => parseAuthorization(`Payment ${"a".repeat(MAX_HEADER_LENGTH)}`),
      "HEADER_TOO_LARGE",
    );
  });
});

describe("serializeChallenge / serializeAuthorization", () => {
  test("reproduces the E1 header line byte for byte", () => {
    expect(serializeChallenge({ scheme: "Payment", params: E1_PARAMS })).toBe(E1_LINE);
  });

  test('quotes every value, escaping `"` and `\\`', () => {
    expect(
      serializeChallenge({
        scheme: "Newauth",
        params: { type: "1", title: 'Login to "apps"', p: "a\\b\t\u00e9" },
      }),
    ).toBe('Newauth type="1", title="Login to \\"apps\\"", p="a\\\\b\t\u00e9"');
    expect(serializeChallenge({ scheme: "Negotiate", params: {} })).toBe("Negotiate");
    expect(serializeChallenge({ scheme: "Payment", params: { id: "" } })).toBe('Payment id=""');
  });

  test("token68", () => {
    expect(serializeAuthorization({ scheme: "Payment", token68: "eyJhIjoxfQ", params: {} })).toBe(
      "Payment eyJhIjoxfQ",
    );
    expect(serializeChallenge({ scheme: "Basic", token68: "QWxh+/==", params: {} })).toBe("Basic QWxh+/==");
  });

  test.each([
    ["scheme with a space", { scheme: "Pay ment", params: {} }],
    ["empty scheme", { scheme: "", params: {} }],
    ["param name with a space", { scheme: "Payment", params: { "a b": "1" } }],
    ["empty param name", { scheme: "Payment", params: { "": "1" } }],
    ["param name with `=`", { scheme: "Payment", params: { "a=": "1" } }],
    ["names equal ignoring case", { scheme: "Payment", params: { id: "1", ID: "2" } }],
    ["LF in a value", { scheme: "Payment", params: { id: "a\nb" } }],
    ["NUL in a value", { scheme: "Payment", params: { id: "\u0000" } }],
    ["DEL in a value", { scheme: "Payment", params: { id: "\u007f" } }],
    ["character above U+00FF", { scheme: "Payment", params: { d: "\u2014" } }],
    ["invalid token68", { scheme: "Basic", token68: "a=b", params: {} }],
    ["token68 with params", { scheme: "Basic", token68: "abc", params: { realm: "x" } }],
  ])("refuses %s", (_name, challenge) => {
    expectPaymuxError(() => serializeChallenge(challenge), "HEADER_MALFORMED");
    expectPaymuxError(() => serializeAuthorization(challenge), "HEADER_MALFORMED");
  });
});
