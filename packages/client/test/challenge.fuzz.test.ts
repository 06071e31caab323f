// A hostile server's 402s and receipts, as the client reads them: `readOffers` on random and near-valid
// PAYMENT-REQUIRED, WWW-Authenticate, Payment-Request headers and bodies (any Content-Type, not JSON, over the
// cap), and `readReceipt` on random and near-valid receipt headers. readOffers resolves (never rejects) with
// well-formed offers and PaymuxError codes; readReceipt returns a receipt or undefined, never throws.
import {
  BASE,
  createPaymentRequiredV1,
  createPaymentRequiredV2,
  decodePaymentRequest,
  encodeBase64,
  encodeBase64Url,
  encodePaymentRequest,
  isCaip2,
  PAYMUX_ERROR_CODES,
  type ReceivedOffer,
  readOffersV1,
  readOffersV2,
  readPaymentAuthOffers,
  readPaymentChallenges,
  utf8Encode,
} from "@paymux/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  asFieldValue,
  assertNoPrototypePollution,
  FUZZ_TIMEOUT_MS,
  pool,
  runs,
} from "../../core/test/fuzz-helpers.js";
import * as models from "../../core/test/fuzz-models.js";
import { authHeader, mutateParams } from "../../core/test/fuzz-models.js";
import { mutateJson, mutateJsonText, nearValid } from "../../core/test/fuzz-mutators.js";
import { hostileJson, hostileString } from "../../core/test/fuzz-values.js";
import { readOffers, readReceipt } from "../src/index.js";
import { MAX_CHALLENGE_BODY_BYTES } from "../src/offers.js";

const NOW = Date.parse("2030-01-01T00:00:00Z");
const KEYS = ["x402Version", "accepts", "amount", "maxAmountRequired", "network", "payTo", "asset", "extra"];
const base64Text = (text: string) => encodeBase64(utf8Encode(text));
const base64UrlText = (text: string) => encodeBase64Url(utf8Encode(text));

const offers = pool(fc.array(models.anyOffer, { minLength: 1, maxLength: 3 }));
const requiredJson = pool(models.paymentRequiredJson);
const v1Json = pool(models.v1BodyJson);
const params = pool(models.challengeParams);

const paymentRequired = fc.oneof(
  nearValid(requiredJson.map((value) => base64Text(JSON.stringify(value)))),
  mutateJson(requiredJson).map((value) => base64Text(JSON.stringify(value))),
  mutateJsonText(requiredJson, KEYS).map(base64Text),
  hostileString,
);
const wwwAuthenticate = fc.oneof(
  nearValid(params.map((list) => authHeader("Payment", list))),
  mutateParams(params, hostileString).map((list) => authHeader("Payment", list)),
  fc
    .tuple(params, params)
    .map(([a, b]) => `${authHeader("Payment", a)}, Bearer realm="x", ${authHeader("Payment", b)}`),
  hostileString,
);
const paymentRequest = fc.oneof(
  nearValid(pool(models.solPushOffer).map((offer) => encodePaymentRequest(offer))),
  hostileString,
);
const body = fc.oneof(
  { weight: 5, arbitrary: mutateJson(v1Json).map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: mutateJsonText(v1Json, KEYS) },
  { weight: 3, arbitrary: nearValid(v1Json.map((value) => JSON.stringify(value))) },
  { weight: 2, arbitrary: hostileJson.map((value) => JSON.stringify(value) ?? "") },
  { weight: 2, arbitrary: hostileString },
  // Bodies around the cap are costly to stream, and the cap has its own tests (src/offers.test.ts): rare here.
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: MAX_CHALLENGE_BODY_BYTES - 64, max: MAX_CHALLENGE_BODY_BYTES + 4096 })
      .map((size) => {
        const text = JSON.stringify({ x402Version: 1, accepts: [], error: "" });
        return text.replace('"error":""', `"error":"${"x".repeat(Math.max(0, size - text.length))}"`);
      }),
  },
);
const contentType = fc.option(
  fc.constantFrom("application/json", "application/problem+json", "text/html", "JSON", "text/plain", ""),
  { nil: undefined },
);
/** A 402 with any subset of the four dialects, each random or near-valid. */
const challengeResponse = fc.tuple(
  fc.option(paymentRequired, { nil: undefined }),
  fc.option(wwwAuthenticate, { nil: undefined }),
  fc.option(paymentRequest, { nil: undefined }),
  body,
  contentType,
);

function respond([required, authenticate, request, text, type]: typeof challengeResponse extends fc.Arbitrary<
  infer T
>
  ? T
  : never) {
  const headers = new Headers();
  if (required !== undefined) headers.set("PAYMENT-REQUIRED", asFieldValue(required));
  if (authenticate !== undefined) headers.set("WWW-Authenticate", asFieldValue(authenticate));
  if (request !== undefined) headers.set("Payment-Request", asFieldValue(request));
  if (type !== undefined) headers.set("Content-Type", type);
  return new Response(text, { status: 402, headers });
}

const CODES = new Set<string>(PAYMUX_ERROR_CODES);

describe("readOffers on hostile 402s", () => {
  it(
    "resolves with well-formed offers and PaymuxError codes, whatever the 402 holds",
    async () => {
      await fc.assert(
        fc.asyncProperty(challengeResponse, async (parts) => {
          const response = respond(parts);
          const read = await readOffers(response, NOW);
          for (const offer of read.offers) {
            expect(typeof offer.amount === "bigint" && offer.amount >= 0n).toBe(true);
            expect(isCaip2(offer.network)).toBe(true);
            expect(typeof offer.payTo).toBe("string");
          }
          for (const error of read.errors) expect(CODES.has(error.code)).toBe(true);
          // The caller still gets the body: it was read from a clone.
          expect(response.bodyUsed).toBe(false);
          assertNoPrototypePollution();
        }),
        runs(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

/** Offers of every dialect, as the client holds them when it reads the receipt of their payment. */
function receivedOffers(): ReceivedOffer[] {
  const sample = fc.sample(offers, { numRuns: 8, seed: 0x5eed }).flat();
  const resource = { url: "https://api.example.com/data" };
  const received = [
    ...readOffersV2(createPaymentRequiredV2({ resource, offers: sample })),
    ...readOffersV1(createPaymentRequiredV1({ resource, offers: sample.filter((o) => o.network === BASE) })),
    ...fc
      .sample(params, { numRuns: 8, seed: 0x5eed })
      .flatMap((list) => readPaymentChallenges(authHeader("Payment", list)).challenges)
      .flatMap((challenge) => readPaymentAuthOffers(challenge, { now: NOW })),
    ...fc
      .sample(models.solPushOffer, { numRuns: 4, seed: 0x5eed })
      .map((o) => decodePaymentRequest(encodePaymentRequest(o))),
  ];
  return received;
}

describe("readReceipt on hostile receipts", () => {
  const received = receivedOffers();
  const receipt = fc.oneof(
    nearValid(pool(models.settleResponseJson).map((value) => base64Text(JSON.stringify(value)))),
    mutateJson(pool(models.settleResponseJson)).map((value) => base64Text(JSON.stringify(value))),
    nearValid(pool(models.paymentReceiptJson).map((value) => base64UrlText(JSON.stringify(value)))),
    mutateJson(pool(models.paymentReceiptJson)).map((value) => base64UrlText(JSON.stringify(value))),
    hostileString,
  );

  it("has an offer of every dialect to read receipts for", () => {
    const dialects = new Set(received.map((offer) => offer.source.dialect));
    expect([...dialects].sort()).toEqual(["payment-auth", "payment-request", "x402-v1", "x402-v2"]);
  });

  it(
    "returns a receipt or undefined, never throws",
    () => {
      const name = fc.constantFrom("PAYMENT-RESPONSE", "X-PAYMENT-RESPONSE", "Payment-Receipt");
      fc.assert(
        fc.property(
          fc.constantFrom(...received),
          fc.array(fc.tuple(name, receipt), { minLength: 1, maxLength: 3 }),
          fc.integer({ min: 200, max: 599 }),
          fc.option(hostileString, { nil: undefined }),
          (offer, entries, status, signature) => {
            const headers = new Headers(
              entries.map(([key, value]): [string, string] => [key, asFieldValue(value)]),
            );
            const result = readReceipt(new Response(null, { status, headers }), offer, signature);
            if (result !== undefined) {
              expect(typeof result.success).toBe("boolean");
              expect(typeof result.transaction).toBe("string");
              expect(isCaip2(result.network)).toBe(true);
            }
            assertNoPrototypePollution();
          },
        ),
        runs(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
