// Structure-aware fuzzing of every dialect decoder of core: valid encodings (generated from valid offers)
// broken a little at each layer (JSON fields, JSON text, header params, the encoded string), so the inputs
// reach deep into the decoders instead of failing the first base64 check. Values or PaymuxErrors only.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  acceptPaymentWeight,
  BASE,
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
  encodeBase64,
  encodeBase64Url,
  formatUnits,
  isCaip2,
  parseAcceptPayment,
  paymentFromCredential,
  paymentFromV1,
  paymentFromV2,
  paymentReceiptToReceipt,
  type ReceivedOffer,
  readOffersV1,
  readOffersV2,
  readPaymentAuthOffers,
  readPaymentChallenges,
  SOLANA_DEVNET,
  settleResponseToReceipt,
  utf8Encode,
} from "../src/index.js";
import { FUZZ_TIMEOUT_MS, pool, runs, valueOrPaymuxError } from "./fuzz-helpers.js";
import * as models from "./fuzz-models.js";
import { authHeader, mutateParams, parameterHeader } from "./fuzz-models.js";
import { mutateJson, mutateJsonText, mutateText, nearValid } from "./fuzz-mutators.js";
import { hostileString, NUMBERISH } from "./fuzz-values.js";

// Seeds from fixed pools (see `pool`): the mutations, not the seeds, are what each case varies.
const paymentRequiredJson = pool(models.paymentRequiredJson);
const paymentSignatureJson = pool(models.paymentSignatureJson);
const xPaymentJson = pool(models.xPaymentJson);
const settleResponseJson = pool(models.settleResponseJson);
const v1BodyJson = pool(models.v1BodyJson);
const challengeParams = pool(models.challengeParams);
const chargeRequest = pool(models.chargeRequest);
const credentialJson = pool(models.credentialJson);
const paymentReceiptJson = pool(models.paymentReceiptJson);
const evmOffer = pool(models.evmOffer);
const solPushOffer = pool(models.solPushOffer);
const base58 = pool(models.base58);

const NOW = Date.parse("2030-01-01T00:00:00Z");
// Keys the JSON text edits insert again (duplicates) with literals like 1e400 or 2^256.
const KEYS = [
  "x402Version",
  "accepts",
  "accepted",
  "amount",
  "maxAmountRequired",
  "maxTimeoutSeconds",
  "network",
  "scheme",
  "asset",
  "payTo",
  "extra",
  "resource",
  "payload",
  "success",
  "transaction",
  "challenge",
  "request",
  "id",
  "expires",
  "type",
  "status",
  "reference",
  "chainId",
  "methodDetails",
  "decimals",
  "feePayer",
  "credentialTypes",
];
const base64Text = (text: string) => encodeBase64(utf8Encode(text));
const base64UrlText = (text: string) => encodeBase64Url(utf8Encode(text));

/** Near-valid encodings of `valid`: a field mutated, the JSON text mutated, the encoded string mutated. */
function nearValidJson(valid: fc.Arbitrary<unknown>, encode: (text: string) => string): fc.Arbitrary<string> {
  const structural = mutateJson(valid).map((value) => encode(JSON.stringify(value)));
  return fc.oneof(
    structural,
    mutateJsonText(valid, KEYS).map(encode),
    nearValid(valid.map((value) => encode(JSON.stringify(value)))),
    mutateText(structural),
  );
}

function expectWellFormed(offers: readonly ReceivedOffer[]): void {
  for (const offer of offers) {
    expect(offer.amount >= 0n && isCaip2(offer.network) && typeof offer.payTo === "string").toBe(true);
  }
}

function readAllPaymentOffers(header: string): void {
  for (const challenge of readPaymentChallenges(header).challenges) {
    valueOrPaymuxError(() => expectWellFormed(readPaymentAuthOffers(challenge, { now: NOW })));
  }
}

const paramValue = fc.oneof(hostileString, fc.constantFrom(...NUMBERISH));
// A challenge whose `request` is a mutated charge request: reaches methodDetails, amounts and currencies.
const challengeWithBadRequest = fc
  .tuple(challengeParams, mutateJson(chargeRequest.map((charge) => charge.request)))
  .map(([params, request]) =>
    params.map(([key, value]): [string, string] => [
      key,
      key === "request" ? base64UrlText(JSON.stringify(request)) : value,
    ]),
  );
const paymentChallenge = fc.oneof(
  mutateParams(challengeParams, paramValue).map((params) => authHeader("Payment", params)),
  challengeWithBadRequest.map((params) => authHeader("Payment", params)),
  nearValid(challengeParams.map((params) => authHeader("Payment", params))),
  // Several challenges on one line, next to other schemes, as fetch joins repeated header lines.
  fc
    .tuple(
      challengeParams,
      challengeWithBadRequest,
      fc.constantFrom('Bearer realm="x"', "x402 amount=1", "Basic"),
    )
    .map(([a, b, other]) => [authHeader("Payment", a), other, authHeader("Payment", b, true)].join(", ")),
);

// A credential whose echoed `request` is a mutated charge request.
const credentialWithBadRequest = fc
  .tuple(credentialJson, mutateJson(chargeRequest.map((charge) => charge.request)))
  .map(([credential, request]) => ({
    ...credential,
    challenge: { ...credential.challenge, request: base64UrlText(JSON.stringify(request)) },
  }));
const authorization = fc.oneof(
  nearValidJson(credentialJson, (text) => `Payment ${base64UrlText(text)}`),
  nearValidJson(credentialWithBadRequest, (text) => `Payment ${base64UrlText(text)}`),
  fc
    .tuple(credentialJson, credentialJson)
    .map(
      ([a, b]) => `Payment ${base64UrlText(JSON.stringify(a))}, Payment ${base64UrlText(JSON.stringify(b))}`,
    ),
);

const paymentRequestParams = solPushOffer.map((offer): [string, string][] => [
  ["amount", formatUnits(offer.amount, 9)],
  ["recipient", offer.payTo],
  ["network", "devnet"],
]);
const legacyReceiptParams = fc.tuple(base58, solPushOffer).map(([signature, offer]): [string, string][] => [
  ["signature", signature + signature],
  ["network", "devnet"],
  ["amount", formatUnits(offer.amount, 9)],
]);
const x402AuthParams = evmOffer.map((offer): [string, string][] => [
  ["amount", formatUnits(offer.amount, 6)],
  ["currency", "USDC"],
  ["network", offer.network === BASE ? "base" : "base-sepolia"],
]);
const nearValidParams = (token: string, params: fc.Arbitrary<[string, string][]>) =>
  fc.oneof(
    mutateParams(params, paramValue).map((list) => parameterHeader(token, list)),
    nearValid(params.map((list) => parameterHeader(token, list))),
  );
const acceptPayment = fc
  .array(
    fc.tuple(
      fc.constantFrom("evm", "solana", "*", "tempo"),
      fc.constantFrom("charge", "*", "session"),
      fc.option(fc.constantFrom("0", "0.5", "1", "0.001", "1.000"), { nil: undefined }),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((ranges) => ranges.map(([m, i, q]) => `${m}/${i}${q === undefined ? "" : `;q=${q}`}`).join(", "));

const targets: [string, fc.Arbitrary<string>, (input: string) => void][] = [
  [
    "PAYMENT-REQUIRED",
    nearValidJson(paymentRequiredJson, base64Text),
    (h) => expectWellFormed(readOffersV2(decodePaymentRequired(h))),
  ],
  [
    "PAYMENT-SIGNATURE",
    nearValidJson(paymentSignatureJson, base64Text),
    (h) => paymentFromV2(decodePaymentSignature(h)),
  ],
  ["X-PAYMENT", nearValidJson(xPaymentJson, base64Text), (h) => paymentFromV1(decodeXPayment(h))],
  [
    "PAYMENT-RESPONSE",
    nearValidJson(settleResponseJson, base64Text),
    (h) => settleResponseToReceipt(decodePaymentResponse(h)),
  ],
  [
    "x402 v1 body",
    nearValidJson(v1BodyJson, (text) => text),
    (text) => {
      // Text JSON.parse refuses is no input for the decoder (the client parses the body before it).
      const body = (() => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return undefined;
        }
      })();
      expectWellFormed(readOffersV1(decodePaymentRequiredV1(body)));
    },
  ],
  ["WWW-Authenticate: Payment", paymentChallenge, readAllPaymentOffers],
  ["Authorization: Payment", authorization, (h) => paymentFromCredential(decodePaymentCredential(h))],
  [
    "Payment-Receipt (IETF)",
    nearValidJson(paymentReceiptJson, base64UrlText),
    (h) => paymentReceiptToReceipt(decodePaymentReceipt(h), SOLANA_DEVNET),
  ],
  [
    "charge request",
    nearValidJson(
      chargeRequest.map((charge) => charge.request),
      base64UrlText,
    ),
    (h) => decodeChargeRequest(h),
  ],
  [
    "Payment-Request (legacy)",
    nearValidParams("solana", paymentRequestParams),
    (h) => expectWellFormed([decodePaymentRequest(h)]),
  ],
  ["Payment-Receipt (legacy)", nearValidParams("solana", legacyReceiptParams), (h) => decodeLegacyReceipt(h)],
  [
    "WWW-Authenticate: x402",
    fc.oneof(
      mutateParams(x402AuthParams, paramValue).map((params) => authHeader("x402", params, true)),
      nearValid(x402AuthParams.map((params) => authHeader("x402", params))),
    ),
    (h) => decodeX402AuthChallenges(h),
  ],
  [
    "WWW-Authenticate: x402 (legacy space-separated)",
    mutateParams(x402AuthParams, paramValue).map(
      (params) => `x402 ${params.map(([key, value]) => `${key}=${value}`).join(" ")}`,
    ),
    (h) => decodeX402AuthChallenges(h, { legacySpaceSeparated: true }),
  ],
  [
    "Accept-Payment",
    nearValid(acceptPayment),
    (h) => acceptPaymentWeight(parseAcceptPayment(h), "evm", "charge"),
  ],
];

describe("near-valid input: every dialect decoder returns a value or throws a PaymuxError", () => {
  it.each(targets)(
    "%s",
    (_name, arbitrary, parse) => {
      fc.assert(
        fc.property(arbitrary, (input) => valueOrPaymuxError(() => parse(input))),
        runs(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
