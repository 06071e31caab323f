// Random input into every dialect decoder of core: only values or PaymuxErrors may come out (a TypeError,
// RangeError or SyntaxError fails the target with fast-check's counterexample). Near-valid inputs are in
// near-valid.fuzz.test.ts; money, networks and schemas in values.fuzz.test.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  challengeExpiry,
  decodeChargeRequest,
  decodeLegacyReceipt,
  decodePaymentChallenge,
  decodePaymentCredential,
  decodePaymentReceipt,
  decodePaymentRequest,
  decodePaymentRequired,
  decodePaymentRequiredV1,
  decodePaymentResponse,
  decodePaymentSignature,
  decodeX402AuthChallenges,
  decodeXPayment,
  encodeBase64,
  encodeBase64Json,
  encodeBase64Url,
  encodeBase64UrlJson,
  isCaip2,
  isPaymentAuthorization,
  MAX_HEADER_LENGTH,
  type Payment,
  parseAcceptPayment,
  paymentFromCredential,
  paymentFromV1,
  paymentFromV2,
  type ReceivedOffer,
  readOffersV1,
  readOffersV2,
  readPaymentAuthOffers,
  readPaymentChallenges,
  SOLANA_DEVNET,
  settleResponseToReceipt,
  verifyChallengeId,
} from "../src/index.js";
import { dialectDecoders } from "./fuzz-decoders.js";
import {
  FUZZ_TIMEOUT_MS,
  type FuzzTarget,
  itReturnsOrThrowsPaymuxError,
  runs,
  valueOrPaymuxError,
  valueOrPaymuxErrorAsync,
} from "./fuzz-helpers.js";
import { hostileJson, hostileString } from "./fuzz-values.js";

const NOW = Date.parse("2030-01-01T00:00:00Z");
const headerChars = fc.constantFrom(..."abcXYZ019 \t,;=\"\\/+-_.:*()[]{}'!#$%&|~^`\u00e9\u0000\u007f\u2014");
/** Header-shaped text, any unicode text, and hostile strings. */
const headerish = fc.oneof(
  fc.string({ unit: headerChars, maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 100 }),
  hostileString,
);
const jsonInput = fc.oneof(fc.jsonValue({ maxDepth: 4 }), hostileJson);
const bytes = fc.uint8Array({ maxLength: 300 });
/** Standard base64: of random bytes, of random JSON, or not base64 at all. */
const base64ish = fc.oneof(bytes.map(encodeBase64), jsonInput.map(encodeBase64Json), headerish);
/** base64url: of random bytes, of random JSON, or not base64url at all. */
const base64urlish = fc.oneof(bytes.map(encodeBase64Url), jsonInput.map(encodeBase64UrlJson), headerish);

/** What every decoded offer must look like, whatever the input was. */
function expectWellFormed(offers: readonly ReceivedOffer[]): void {
  for (const offer of offers) {
    expect(typeof offer.amount).toBe("bigint");
    expect(offer.amount >= 0n).toBe(true);
    expect(isCaip2(offer.network)).toBe(true);
    expect(typeof offer.payTo).toBe("string");
    expect(Number.isSafeInteger(offer.maxTimeoutSeconds) && offer.maxTimeoutSeconds > 0).toBe(true);
  }
}

function expectPayment(payment: Payment): void {
  expect(isCaip2(payment.network)).toBe(true);
  expect(typeof payment.payload).toBe("object");
}

const decode = dialectDecoders({
  offers: expectWellFormed,
  payment: expectPayment,
  now: NOW,
  legacyReceiptNetwork: SOLANA_DEVNET,
});

const targets: FuzzTarget[] = [
  ["PAYMENT-REQUIRED", base64ish, decode.paymentRequired],
  ["PAYMENT-SIGNATURE", base64ish, decode.paymentSignature],
  ["PAYMENT-RESPONSE", base64ish, decode.paymentResponse],
  ["X-PAYMENT", base64ish, decode.xPayment],
  ["WWW-Authenticate: Payment", headerish, decode.paymentChallenges],
  [
    "Authorization: Payment",
    fc.oneof(
      headerish,
      base64urlish.map((b) => `Payment ${b}`),
    ),
    (h) => {
      isPaymentAuthorization(h);
      decode.paymentCredential(h);
    },
  ],
  ["Payment-Receipt (IETF)", base64urlish, decode.paymentReceipt],
  ["Accept-Payment", headerish, decode.acceptPayment],
  ["Payment-Request (legacy)", headerish, decode.paymentRequest],
  ["Payment-Receipt (legacy)", headerish, decode.legacyReceipt],
  ["WWW-Authenticate: x402", headerish, decode.x402Auth],
  ["WWW-Authenticate: x402 (legacy space-separated)", headerish, decode.x402AuthLegacy],
  ["charge request", base64urlish, decode.chargeRequest],
  ["challenge expiry", headerish, (h) => challengeExpiry(h)],
];

describe("random input: every dialect decoder returns a value or throws a PaymuxError", () => {
  itReturnsOrThrowsPaymuxError(targets);

  it(
    "x402 v1 body (arbitrary JSON)",
    () => {
      fc.assert(
        fc.property(jsonInput, (body) => valueOrPaymuxError(() => decode.v1Body(body))),
        runs(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "Payment challenge auth-params (arbitrary params, then the offers)",
    () => {
      const params = fc.dictionary(
        fc.constantFrom("id", "realm", "method", "intent", "request", "expires", "opaque", "digest", "x"),
        fc.oneof(headerish, base64urlish),
      );
      fc.assert(
        fc.property(params, (values) =>
          valueOrPaymuxError(() => {
            const challenge = decodePaymentChallenge({ scheme: "Payment", params: values });
            expectWellFormed(readPaymentAuthOffers(challenge, { now: NOW }));
          }),
        ),
        runs(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "challenge ids: verifyChallengeId on arbitrary echoed challenges answers a boolean",
    async () => {
      const echoed = fc.record({
        id: headerish,
        realm: headerish,
        method: headerish,
        intent: headerish,
        request: base64urlish,
        expires: fc.option(headerish, { nil: undefined }),
        opaque: fc.option(fc.oneof(base64urlish, fc.dictionary(fc.string(), fc.string())), {
          nil: undefined,
        }),
      });
      await fc.assert(
        fc.asyncProperty(echoed, async (challenge) =>
          valueOrPaymuxErrorAsync(async () => {
            expect(typeof (await verifyChallengeId(challenge, "a-secret-that-is-at-least-32-bytes"))).toBe(
              "boolean",
            );
          }),
        ),
        runs(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

// Deterministic companions of the targets above: nesting as deep and values as long as each size cap lets
// through (random cases rarely get there). JSON.stringify itself overflows near 6,000 levels, so the nested JSON
// is written as text.
describe("at the size caps: deepest nesting and longest values", () => {
  const deep = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
  const accepted =
    '{"scheme":"exact","network":"eip155:8453","amount":"1","asset":"0x1","payTo":"0x2","maxTimeoutSeconds":60,"extra":{"a":DEEP}}';
  const jsonTexts: [string, string, (value: string) => unknown][] = [
    [
      "PAYMENT-REQUIRED",
      `{"x402Version":2,"resource":{"url":"u"},"accepts":[${accepted}],"extensions":{"a":DEEP}}`,
      (h) => readOffersV2(decodePaymentRequired(h)),
    ],
    [
      "PAYMENT-SIGNATURE",
      `{"x402Version":2,"accepted":${accepted},"payload":{"a":DEEP}}`,
      (h) => paymentFromV2(decodePaymentSignature(h)),
    ],
    [
      "X-PAYMENT",
      '{"x402Version":1,"scheme":"exact","network":"base","payload":{"a":DEEP}}',
      (h) => paymentFromV1(decodeXPayment(h)),
    ],
    [
      "PAYMENT-RESPONSE",
      '{"success":true,"transaction":"t","network":"base","extensions":{"a":DEEP}}',
      (h) => settleResponseToReceipt(decodePaymentResponse(h)),
    ],
  ];
  const base64Json = (text: string) => encodeBase64(new TextEncoder().encode(text));
  const base64UrlJson = (text: string) => encodeBase64Url(new TextEncoder().encode(text));

  it.each(jsonTexts)("%s: nesting up to the 16 KiB cap", (_name, template, parse) => {
    for (const depth of [100, 1000, 3000, 6000, 10_000]) {
      valueOrPaymuxError(() => parse(base64Json(template.replaceAll("DEEP", deep(depth)))));
    }
  });

  it("IETF credential, charge request and v1 body: nesting up to their caps", () => {
    const request = (depth: number) =>
      base64UrlJson(`{"amount":"1","currency":"sol","recipient":"r","methodDetails":{"a":${deep(depth)}}}`);
    for (const depth of [100, 1000, 3000, 6000]) {
      valueOrPaymuxError(() => decodeChargeRequest(request(depth)));
      const challenge = `{"id":"i","realm":"r","method":"solana","intent":"charge","request":"${request(10)}"}`;
      const credential = `{"challenge":${challenge},"payload":{"type":"signature","a":${deep(depth)}}}`;
      valueOrPaymuxError(() =>
        paymentFromCredential(decodePaymentCredential(`Payment ${base64UrlJson(credential)}`)),
      );
      valueOrPaymuxError(() =>
        decodePaymentReceipt(base64UrlJson(`{"status":"success","a":${deep(depth)}}`)),
      );
    }
    // A v1 body is read up to 64 KiB (the client's cap): 32,000 levels.
    const body = JSON.parse(
      `{"x402Version":1,"accepts":[${accepted.replace("DEEP", deep(32_000))}]}`,
    ) as unknown;
    valueOrPaymuxError(() => readOffersV1(decodePaymentRequiredV1(body)));
  });

  it("every header decoder refuses a value one past 16 KiB with HEADER_TOO_LARGE, before decoding it", () => {
    const over = "A".repeat(MAX_HEADER_LENGTH + 1);
    const decoders: ((value: string) => unknown)[] = [
      decodePaymentRequired,
      decodePaymentSignature,
      decodePaymentResponse,
      decodeXPayment,
      (h) => decodePaymentCredential(`Payment ${h}`),
      decodePaymentReceipt,
      parseAcceptPayment,
      decodePaymentRequest,
      (h) => decodeLegacyReceipt(h, SOLANA_DEVNET),
      decodeX402AuthChallenges,
      (h) => readPaymentChallenges(`Payment request="${h}"`),
    ];
    for (const decode of decoders) {
      expect(() => decode(over)).toThrow(expect.objectContaining({ code: "HEADER_TOO_LARGE" }));
    }
  });
});
