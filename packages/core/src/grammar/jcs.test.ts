import { describe, expect, test } from "vitest";
import { encodeBase64Url, utf8Encode } from "./base64.js";
import { canonicalizeJson, JCS_MAX_DEPTH } from "./jcs.js";
import { expectPaymuxError } from "./test-helpers.js";

const jcsBase64Url = (value: unknown) => encodeBase64Url(utf8Encode(canonicalizeJson(value)));

describe("RFC 8785 examples", () => {
  test("§3.2.2: numbers, string escapes, literals, key order", () => {
    const input = JSON.parse(
      String.raw`{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]}`,
    );
    expect(canonicalizeJson(input)).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  test("§3.2.3: keys sort by UTF-16 code units", () => {
    const input = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis",
    };
    expect(canonicalizeJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  test.each([
    [0, "0"],
    [-0, "0"],
    [5e-324, "5e-324"],
    [-5e-324, "-5e-324"],
    [Number.MAX_VALUE, "1.7976931348623157e+308"],
    [2 ** 53, "9007199254740992"],
    [1e20, "100000000000000000000"],
    [1e21, "1e+21"],
    [0.000001, "0.000001"],
    [1e-7, "1e-7"],
    [-1.5, "-1.5"],
  ])("number %d serializes as %s (ES / §3.2.2.3)", (value, text) => {
    expect(canonicalizeJson(value)).toBe(text);
  });
});

describe("payment-auth vectors: base64url(JCS(request))", () => {
  test.each([
    ["§2 amount", { amount: "1000000" }, "eyJhbW91bnQiOiIxMDAwMDAwIn0"],
    ["§2 opaque", { pi: "pi_3abc123XYZ" }, "eyJwaSI6InBpXzNhYmMxMjNYWVoifQ"],
    ["§2 empty opaque", {}, "e30"],
    [
      "§7.1 core request",
      { recipient: "acct_123", currency: "USD", amount: "1000" },
      "eyJhbW91bnQiOiIxMDAwIiwiY3VycmVuY3kiOiJVU0QiLCJyZWNpcGllbnQiOiJhY2N0XzEyMyJ9",
    ],
    [
      "§7.1 SOL request",
      {
        amount: "10000000",
        currency: "sol",
        recipient: "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU",
        description: "Weather API access",
        methodDetails: { network: "mainnet" },
      },
      "eyJhbW91bnQiOiIxMDAwMDAwMCIsImN1cnJlbmN5Ijoic29sIiwiZGVzY3JpcHRpb24iOiJXZWF0aGVyIEFQSSBhY2Nlc3MiLCJtZXRob2REZXRhaWxzIjp7Im5ldHdvcmsiOiJtYWlubmV0In0sInJlY2lwaWVudCI6Ijd4S1h0ZzJDVzg3ZDk3VFhKU0RwYkQ1akJraGVUcUE4M1RaUnVKb3NnQXNVIn0",
    ],
    [
      "§7.1 MegaETH permit2 request",
      {
        recipient: "0x742d35Cc6634C0532925a3b844Bc9e7595f8fE00",
        methodDetails: { credentialTypes: ["permit2"], chainId: 4326 },
        currency: "0xFAfDdbb3FC7688494971a79cc65DCa3EF82079E7",
        amount: "1000000000000000000",
        description: undefined,
      },
      "eyJhbW91bnQiOiIxMDAwMDAwMDAwMDAwMDAwMDAwIiwiY3VycmVuY3kiOiIweEZBZkRkYmIzRkM3Njg4NDk0OTcxYTc5Y2M2NURDYTNFRjgyMDc5RTciLCJtZXRob2REZXRhaWxzIjp7ImNoYWluSWQiOjQzMjYsImNyZWRlbnRpYWxUeXBlcyI6WyJwZXJtaXQyIl19LCJyZWNpcGllbnQiOiIweDc0MmQzNUNjNjYzNEMwNTMyOTI1YTNiODQ0QmM5ZTc1OTVmOGZFMDAifQ",
    ],
    [
      "§7.2 E1 evm request",
      {
        recipient: "0x742d35Cc6634c0532925a3b844bC9e7595F8fE00",
        currency: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
        amount: "1000000",
        methodDetails: { decimals: 6, credentialTypes: ["authorization"], chainId: 84532 },
      },
      "eyJhbW91bnQiOiIxMDAwMDAwIiwiY3VycmVuY3kiOiIweDAzNkNiRDUzODQyYzU0MjY2MzRlNzkyOTU0MWVDMjMxOGYzZENGN2UiLCJtZXRob2REZXRhaWxzIjp7ImNoYWluSWQiOjg0NTMyLCJjcmVkZW50aWFsVHlwZXMiOlsiYXV0aG9yaXphdGlvbiJdLCJkZWNpbWFscyI6Nn0sInJlY2lwaWVudCI6IjB4NzQyZDM1Q2M2NjM0YzA1MzI5MjVhM2I4NDRiQzllNzU5NUY4ZkUwMCJ9",
    ],
    [
      "§7.2 E2 solana request",
      {
        methodDetails: { recentBlockhash: "EkSnNWid2cvwEVnVx9aBqawnmiCNiDgp3gUdkDPTKN1N", network: "devnet" },
        externalId: "order-42",
        recipient: "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU",
        currency: "sol",
        amount: "10000000",
      },
      "eyJhbW91bnQiOiIxMDAwMDAwMCIsImN1cnJlbmN5Ijoic29sIiwiZXh0ZXJuYWxJZCI6Im9yZGVyLTQyIiwibWV0aG9kRGV0YWlscyI6eyJuZXR3b3JrIjoiZGV2bmV0IiwicmVjZW50QmxvY2toYXNoIjoiRWtTbk5XaWQyY3Z3RVZuVng5YUJxYXdubWlDTmlEZ3AzZ1Vka0RQVEtOMU4ifSwicmVjaXBpZW50IjoiN3hLWHRnMkNXODdkOTdUWEpTRHBiRDVqQmtoZVRxQTgzVFpSdUpvc2dBc1UifQ",
    ],
  ])("%s", (_name, request, expected) => {
    expect(jcsBase64Url(request)).toBe(expected);
  });

  test("E1 request JCS text is exact", () => {
    expect(
      canonicalizeJson({
        methodDetails: { chainId: 84532, decimals: 6, credentialTypes: ["authorization"] },
        recipient: "0x742d35Cc6634c0532925a3b844bC9e7595F8fE00",
        amount: "1000000",
        currency: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
      }),
    ).toBe(
      '{"amount":"1000000","currency":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","methodDetails":{"chainId":84532,"credentialTypes":["authorization"],"decimals":6},"recipient":"0x742d35Cc6634c0532925a3b844bC9e7595F8fE00"}',
    );
  });
});

describe("value space", () => {
  test("scalars, nesting, undefined keys dropped, null-prototype objects", () => {
    expect(canonicalizeJson(null)).toBe("null");
    expect(canonicalizeJson(true)).toBe("true");
    expect(canonicalizeJson("a\u2028b")).toBe('"a\u2028b"');
    expect(canonicalizeJson([])).toBe("[]");
    expect(canonicalizeJson({ b: [1, { d: null, c: false }], a: undefined })).toBe(
      '{"b":[1,{"c":false,"d":null}]}',
    );
    const bare = Object.create(null) as Record<string, unknown>;
    bare.z = 1;
    Object.defineProperty(bare, "__proto__", { value: "x", enumerable: true });
    expect(canonicalizeJson(bare)).toBe('{"__proto__":"x","z":1}');
    expect(canonicalizeJson(JSON.parse('{"__proto__":{"a":1}}'))).toBe('{"__proto__":{"a":1}}');
  });

  test("keys sort by code units even when integer-like (JS objects list those first)", () => {
    expect(canonicalizeJson({ "0": 0, "": "", "10": 1, "9": 2, a: 3 })).toBe(
      '{"":"","0":0,"10":1,"9":2,"a":3}',
    );
  });

  test("nesting up to the limit is fine", () => {
    let value: unknown = 1;
    for (let i = 0; i < JCS_MAX_DEPTH; i++) value = [value];
    expect(canonicalizeJson(value)).toBe(`${"[".repeat(JCS_MAX_DEPTH)}1${"]".repeat(JCS_MAX_DEPTH)}`);
  });
});

describe("unsupported values throw JCS_UNSUPPORTED_VALUE", () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  let tooDeep: unknown = 1;
  for (let i = 0; i <= JCS_MAX_DEPTH; i++) tooDeep = { x: tooDeep };

  test.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["-Infinity in an array", [Number.NEGATIVE_INFINITY]],
    ["bigint", { amount: 1n }],
    ["function", { f: () => 1 }],
    ["symbol", Symbol("s")],
    ["top-level undefined", undefined],
    ["undefined array element", [1, undefined]],
    // biome-ignore lint/suspicious/noSparseArray: the hole is what is tested
    ["array hole", [1, , 3]],
    ["Date", new Date(0)],
    ["Map", new Map()],
    ["Uint8Array", { bytes: new Uint8Array(1) }],
    ["class instance", new (class Point {})()],
    ["boxed string", Object("s")],
    ["lone high surrogate", "\ud800"],
    ["lone low surrogate in a key", { "\udc00": 1 }],
    ["cyclic object", cyclic],
    ["nesting past the limit", tooDeep],
  ])("%s", (_name, value) => {
    expectPaymuxError(() => canonicalizeJson(value), "JCS_UNSUPPORTED_VALUE");
  });
});
