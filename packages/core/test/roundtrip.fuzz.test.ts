// Serialize then parse is the identity on valid models: the positive side of the fuzz targets (a decoder that
// refused valid input would pass every "value or PaymuxError" target). A tenth of FUZZ_RUNS: these are
// properties of the codecs rather than hostile-input targets.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createPaymentChallenge,
  createPaymentRequiredV1,
  createPaymentRequiredV2,
  decodeLegacyReceipt,
  decodePaymentRequest,
  decodePaymentRequired,
  decodePaymentRequiredV1,
  decodePaymentResponse,
  encodeLegacyReceipt,
  encodePaymentChallenge,
  encodePaymentRequest,
  encodePaymentRequired,
  encodePaymentResponse,
  groupOffersForPaymentAuth,
  type Offer,
  readOffersV1,
  readOffersV2,
  readPaymentAuthOffers,
  readPaymentChallenges,
  receiptToSettleResponse,
  SOLANA_DEVNET,
  settleResponseToReceipt,
} from "../src/index.js";
import { FUZZ_TIMEOUT_MS, runs } from "./fuzz-helpers.js";
import { anyOffer, evmOffer, hex40, resource, solPushOffer } from "./fuzz-models.js";

const strip = ({ source: _source, ...offer }: Offer & { source?: unknown }) => offer;
const PROPERTY = runs(10);

describe("serialize then parse is the identity on valid models", () => {
  it(
    "x402 v2 challenge",
    () => {
      fc.assert(
        fc.property(fc.array(anyOffer, { minLength: 1, maxLength: 4 }), resource, (offers, info) => {
          const header = encodePaymentRequired(createPaymentRequiredV2({ resource: info, offers }));
          expect(readOffersV2(decodePaymentRequired(header)).map(strip)).toEqual(offers);
        }),
        PROPERTY,
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "x402 v1 body",
    () => {
      fc.assert(
        fc.property(fc.array(evmOffer, { minLength: 1, maxLength: 4 }), resource, (offers, info) => {
          const body = JSON.parse(JSON.stringify(createPaymentRequiredV1({ resource: info, offers })));
          expect(readOffersV1(decodePaymentRequiredV1(body)).map(strip)).toEqual(offers);
        }),
        PROPERTY,
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "x402 receipts",
    () => {
      const receipt = fc.record({
        success: fc.boolean(),
        transaction: fc.string({ maxLength: 90 }),
        network: fc.constantFrom<Offer["network"]>("eip155:8453", SOLANA_DEVNET),
        payer: hex40,
      });
      fc.assert(
        fc.property(receipt, (value) => {
          const header = encodePaymentResponse(receiptToSettleResponse(value));
          expect(settleResponseToReceipt(decodePaymentResponse(header))).toEqual(value);
        }),
        PROPERTY,
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "IETF Payment challenges (evm and solana)",
    async () => {
      await fc.assert(
        fc.asyncProperty(anyOffer, async (offer) => {
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
        PROPERTY,
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "legacy Payment-Request and Payment-Receipt",
    () => {
      const signature = fc.string({
        unit: fc.constantFrom(..."123456789abcdefghijkmnopqrstuvwxyz"),
        minLength: 64,
        maxLength: 88,
      });
      fc.assert(
        fc.property(solPushOffer, signature, (offer, sig) => {
          expect(strip(decodePaymentRequest(encodePaymentRequest(offer)))).toEqual(offer);
          const payment = decodeLegacyReceipt(
            encodeLegacyReceipt({ signature: sig, network: offer.network, amount: offer.amount }),
          );
          expect(payment.payload).toEqual({ type: "signature", signature: sig });
          expect(payment.network).toBe(offer.network);
        }),
        PROPERTY,
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
