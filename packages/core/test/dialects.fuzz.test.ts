import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createPaymentChallenge,
  createPaymentRequiredV1,
  createPaymentRequiredV2,
  decodeChargeRequest,
  decodeLegacyReceipt,
  decodePaymentCredential,
  decodePaymentReceipt,
  decodePaymentRequest,
  decodePaymentRequired,
  decodePaymentRequiredV1,
  decodePaymentResponse,
  decodePaymentSignature,
  decodeX402AuthChallenges,
  decodeXPayment,
  encodeBase64Json,
  encodeBase64UrlJson,
  encodeLegacyReceipt,
  encodePaymentChallenge,
  encodePaymentRequest,
  encodePaymentRequired,
  encodePaymentResponse,
  FacilitatorRequestSchema,
  groupOffersForPaymentAuth,
  type Offer,
  PaymuxError,
  parseAcceptPayment,
  parseSchema,
  paymentFromCredential,
  paymentFromV1,
  paymentFromV2,
  readOffersV1,
  readOffersV2,
  readPaymentAuthOffers,
  readPaymentChallenges,
  receiptToSettleResponse,
  SOLANA_DEVNET,
  SOLANA_MAINNET,
  settleResponseToReceipt,
} from "../src/index.js";
import { CORE_CREDENTIAL, X402_V2_PAYMENT_REQUIRED, X402_V2_PAYMENT_SIGNATURE } from "./vectors.js";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 10_000);
const PROPERTY_RUNS = Math.max(200, Math.floor(RUNS / 10));

/** Runs `fn`; passes when it returns or throws a PaymuxError, fails on any other throw. */
function valueOrPaymuxError(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof PaymuxError)) throw error;
  }
}

const headerChars = fc.constantFrom(..."abcXYZ019 \t,;=\"\\/+-_.:*()[]{}'!#$%&|~^`\u00e9\u0000\u007f\u2014");
const headerish = fc.oneof(
  fc.string({ unit: headerChars, maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 100 }),
  fc.string({ unit: "binary", maxLength: 100 }),
);
const base64ish = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => btoa(String.fromCharCode(...bytes))),
  fc.jsonValue({ maxDepth: 4 }).map((value) => encodeBase64Json(value)),
  headerish,
);

/** Structure-aware mutations: a valid object with one field replaced by anything. */
function mutate(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  return fc
    .tuple(fc.constantFrom(...keys, "__extra"), fc.jsonValue({ maxDepth: 3 }), fc.boolean())
    .map(([key, value, drop]) => {
      const copy: Record<string, unknown> = { ...valid };
      if (drop) delete copy[key];
      else copy[key] = value;
      return copy;
    });
}
const requiredJson = JSON.parse(atob(X402_V2_PAYMENT_REQUIRED)) as Record<string, unknown>;
const signatureJson = JSON.parse(atob(X402_V2_PAYMENT_SIGNATURE)) as Record<string, unknown>;
const acceptedJson = signatureJson["accepted"] as Record<string, unknown>;

describe("every dialect parser returns a value or a PaymuxError, never anything else", () => {
  const targets: [string, fc.Arbitrary<string>, (input: string) => unknown][] = [
    ["PAYMENT-REQUIRED", base64ish, (h) => readOffersV2(decodePaymentRequired(h))],
    ["PAYMENT-SIGNATURE", base64ish, (h) => paymentFromV2(decodePaymentSignature(h))],
    ["PAYMENT-RESPONSE", base64ish, (h) => settleResponseToReceipt(decodePaymentResponse(h))],
    ["X-PAYMENT", base64ish, (h) => paymentFromV1(decodeXPayment(h))],
    [
      "WWW-Authenticate Payment",
      headerish,
      (h) => readPaymentChallenges(h).challenges.map((c) => readPaymentAuthOffers(c)),
    ],
    [
      "Authorization Payment",
      fc.oneof(
        headerish,
        base64ish.map((b) => `Payment ${b}`),
      ),
      (h) => paymentFromCredential(decodePaymentCredential(h)),
    ],
    ["Payment-Receipt", base64ish, (h) => decodePaymentReceipt(h)],
    ["Accept-Payment", headerish, (h) => parseAcceptPayment(h)],
    ["Payment-Request", headerish, (h) => decodePaymentRequest(h)],
    ["legacy Payment-Receipt", headerish, (h) => decodeLegacyReceipt(h, SOLANA_DEVNET)],
    ["WWW-Authenticate x402", headerish, (h) => decodeX402AuthChallenges(h)],
    [
      "WWW-Authenticate x402 (legacy mode)",
      headerish,
      (h) => decodeX402AuthChallenges(h, { legacySpaceSeparated: true }),
    ],
    ["charge request", base64ish, (h) => decodeChargeRequest(h)],
  ];
  it.each(targets)("%s", (_name, arbitrary, parse) => {
    fc.assert(
      fc.property(arbitrary, (input) => valueOrPaymuxError(() => parse(input))),
      { numRuns: RUNS },
    );
  });

  it("x402 v1 body and facilitator bodies (arbitrary JSON)", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        valueOrPaymuxError(() => readOffersV1(decodePaymentRequiredV1(value)));
        valueOrPaymuxError(() => parseSchema(FacilitatorRequestSchema, value, "facilitator request"));
      }),
      { numRuns: RUNS },
    );
  });

  it("structure-aware: near-valid v2 challenges and payments", () => {
    fc.assert(
      fc.property(
        mutate(requiredJson),
        mutate(acceptedJson),
        mutate(signatureJson),
        (required, accepted, signature) => {
          valueOrPaymuxError(() =>
            readOffersV2(
              decodePaymentRequired(
                encodeBase64Json({ ...requiredJson, ...(required as object), accepts: [accepted] }),
              ),
            ),
          );
          valueOrPaymuxError(() =>
            paymentFromV2(decodePaymentSignature(encodeBase64Json({ ...(signature as object), accepted }))),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("structure-aware: near-valid IETF credentials", () => {
    const credential = decodePaymentCredential(CORE_CREDENTIAL) as unknown as Record<string, unknown>;
    const challenge = credential["challenge"] as Record<string, unknown>;
    fc.assert(
      fc.property(mutate(credential), mutate(challenge), (outer, inner) => {
        const header = `Payment ${encodeBase64UrlJson({ ...(outer as object), challenge: inner })}`;
        valueOrPaymuxError(() => paymentFromCredential(decodePaymentCredential(header)));
      }),
      { numRuns: RUNS },
    );
  });
});

// Generators of valid model values.
const hex40 = fc
  .uint8Array({ minLength: 20, maxLength: 20 })
  .map((b) => `0x${[...b].map((x) => x.toString(16).padStart(2, "0")).join("")}`);
const base58 = fc.string({
  unit: fc.constantFrom(..."123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"),
  minLength: 32,
  maxLength: 44,
});
const amount = fc.bigInt({ min: 1n, max: (1n << 64n) - 1n });
const evmOffer: fc.Arbitrary<Offer> = fc.record({
  scheme: fc.constantFrom("exact", "push"),
  network: fc.constantFrom("eip155:8453", "eip155:84532", "eip155:31337") as fc.Arbitrary<Offer["network"]>,
  asset: hex40,
  amount,
  payTo: hex40,
  maxTimeoutSeconds: fc.integer({ min: 1, max: 3600 }),
  extra: fc.record({ name: fc.string({ maxLength: 20 }), version: fc.constantFrom("1", "2") }),
});
const solOffer: fc.Arbitrary<Offer> = fc.record({
  scheme: fc.constant("push"),
  network: fc.constantFrom(SOLANA_DEVNET, SOLANA_MAINNET),
  asset: fc.constant("sol"),
  amount,
  payTo: base58,
  maxTimeoutSeconds: fc.constant(300),
  extra: fc.constant({}),
});
const resource = fc.record({
  url: fc.webUrl(),
  description: fc.string({ maxLength: 40 }),
  mimeType: fc.constant("application/json"),
});
const strip = ({ source: _source, ...offer }: Offer & { source?: unknown }) => offer;

describe("serialize then parse is the identity on valid models", () => {
  it("x402 v2 challenge", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(evmOffer, solOffer), { minLength: 1, maxLength: 4 }),
        resource,
        (offers, res) => {
          const header = encodePaymentRequired(createPaymentRequiredV2({ resource: res, offers }));
          expect(readOffersV2(decodePaymentRequired(header)).map(strip)).toEqual(offers);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("x402 v1 body", () => {
    fc.assert(
      fc.property(fc.array(evmOffer, { minLength: 1, maxLength: 4 }), resource, (offers, res) => {
        const body = JSON.parse(JSON.stringify(createPaymentRequiredV1({ resource: res, offers })));
        expect(readOffersV1(decodePaymentRequiredV1(body)).map(strip)).toEqual(offers);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("x402 receipts", () => {
    const receipt = fc.record({
      success: fc.boolean(),
      transaction: fc.string({ maxLength: 90 }),
      network: fc.constantFrom("eip155:8453", SOLANA_DEVNET) as fc.Arbitrary<Offer["network"]>,
      payer: hex40,
    });
    fc.assert(
      fc.property(receipt, (value) => {
        expect(
          settleResponseToReceipt(
            decodePaymentResponse(encodePaymentResponse(receiptToSettleResponse(value))),
          ),
        ).toEqual(value);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("IETF Payment challenges (evm and solana)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(evmOffer, solOffer), async (offer) => {
        const [group] = groupOffersForPaymentAuth([offer]);
        if (!group) throw new Error("offer not expressible");
        const challenge = await createPaymentChallenge({
          secret: "a-secret-that-is-at-least-32-bytes-long",
          realm: "api.example.com",
          method: group.method,
          request: group.request,
          expires: "2099-01-01T00:00:00Z",
        });
        const [parsed] = readPaymentChallenges(encodePaymentChallenge(challenge)).challenges;
        const read = readPaymentAuthOffers(parsed as never).find((o) => o.scheme === offer.scheme);
        expect(read && { ...strip(read), extra: {}, maxTimeoutSeconds: 0 }).toEqual({
          ...offer,
          extra: {},
          maxTimeoutSeconds: 0,
        });
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("legacy Payment-Request and Payment-Receipt", () => {
    fc.assert(
      fc.property(
        solOffer,
        fc.string({
          unit: fc.constantFrom(..."123456789abcdefghijkmnopqrstuvwxyz"),
          minLength: 64,
          maxLength: 88,
        }),
        (offer, signature) => {
          expect(strip(decodePaymentRequest(encodePaymentRequest(offer)))).toEqual(offer);
          const payment = decodeLegacyReceipt(
            encodeLegacyReceipt({ signature, network: offer.network, amount: offer.amount }),
          );
          expect(payment.payload).toEqual({ type: "signature", signature });
          expect(payment.network).toBe(offer.network);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
