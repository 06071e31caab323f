// Structure-aware fuzzing of every dialect decoder of core: valid encodings (generated from valid offers)
// broken a little at each layer (JSON fields, JSON text, header params, the encoded string), so the inputs
// reach deep into the decoders instead of failing the first base64 check. Values or PaymuxErrors only.
import fc from "fast-check";
import { describe, expect } from "vitest";
import {
  BASE,
  encodeBase64,
  encodeBase64Url,
  formatUnits,
  isCaip2,
  type ReceivedOffer,
  utf8Encode,
} from "../src/index.js";
import { dialectDecoders } from "./fuzz-decoders.js";
import { type FuzzTarget, itReturnsOrThrowsPaymuxError, pools } from "./fuzz-helpers.js";
import * as models from "./fuzz-models.js";
import { authHeader, mutateParams, parameterHeader } from "./fuzz-models.js";
import { mutateJson, mutateJsonText, mutateText, nearValid } from "./fuzz-mutators.js";
import { hostileString, NUMBERISH } from "./fuzz-values.js";

// Seeds from fixed pools (see `pool`): the mutations, not the seeds, are what each case varies.
const seeds = pools(models, [
  "paymentRequiredJson",
  "paymentSignatureJson",
  "xPaymentJson",
  "settleResponseJson",
  "v1BodyJson",
  "challengeParams",
  "chargeRequest",
  "credentialJson",
  "paymentReceiptJson",
  "evmOffer",
  "solPushOffer",
  "base58",
]);

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

const paramValue = fc.oneof(hostileString, fc.constantFrom(...NUMBERISH));
// A challenge whose `request` is a mutated charge request: reaches methodDetails, amounts and currencies.
const challengeWithBadRequest = fc
  .tuple(seeds.challengeParams, mutateJson(seeds.chargeRequest.map((charge) => charge.request)))
  .map(([params, request]) =>
    params.map(([key, value]): [string, string] => [
      key,
      key === "request" ? base64UrlText(JSON.stringify(request)) : value,
    ]),
  );
const paymentChallenge = fc.oneof(
  mutateParams(seeds.challengeParams, paramValue).map((params) => authHeader("Payment", params)),
  challengeWithBadRequest.map((params) => authHeader("Payment", params)),
  nearValid(seeds.challengeParams.map((params) => authHeader("Payment", params))),
  // Several challenges on one line, next to other schemes, as fetch joins repeated header lines.
  fc
    .tuple(
      seeds.challengeParams,
      challengeWithBadRequest,
      fc.constantFrom('Bearer realm="x"', "x402 amount=1", "Basic"),
    )
    .map(([a, b, other]) => [authHeader("Payment", a), other, authHeader("Payment", b, true)].join(", ")),
);

// A credential whose echoed `request` is a mutated charge request.
const credentialWithBadRequest = fc
  .tuple(seeds.credentialJson, mutateJson(seeds.chargeRequest.map((charge) => charge.request)))
  .map(([credential, request]) => ({
    ...credential,
    challenge: { ...credential.challenge, request: base64UrlText(JSON.stringify(request)) },
  }));
const authorization = fc.oneof(
  nearValidJson(seeds.credentialJson, (text) => `Payment ${base64UrlText(text)}`),
  nearValidJson(credentialWithBadRequest, (text) => `Payment ${base64UrlText(text)}`),
  fc
    .tuple(seeds.credentialJson, seeds.credentialJson)
    .map(
      ([a, b]) => `Payment ${base64UrlText(JSON.stringify(a))}, Payment ${base64UrlText(JSON.stringify(b))}`,
    ),
);

const paymentRequestParams = seeds.solPushOffer.map((offer): [string, string][] => [
  ["amount", formatUnits(offer.amount, 9)],
  ["recipient", offer.payTo],
  ["network", "devnet"],
]);
const legacyReceiptParams = fc
  .tuple(seeds.base58, seeds.solPushOffer)
  .map(([signature, offer]): [string, string][] => [
    ["signature", signature + signature],
    ["network", "devnet"],
    ["amount", formatUnits(offer.amount, 9)],
  ]);
const x402AuthParams = seeds.evmOffer.map((offer): [string, string][] => [
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

const decode = dialectDecoders({ offers: expectWellFormed, now: NOW });

const targets: FuzzTarget[] = [
  ["PAYMENT-REQUIRED", nearValidJson(seeds.paymentRequiredJson, base64Text), decode.paymentRequired],
  ["PAYMENT-SIGNATURE", nearValidJson(seeds.paymentSignatureJson, base64Text), decode.paymentSignature],
  ["X-PAYMENT", nearValidJson(seeds.xPaymentJson, base64Text), decode.xPayment],
  ["PAYMENT-RESPONSE", nearValidJson(seeds.settleResponseJson, base64Text), decode.paymentResponse],
  [
    "x402 v1 body",
    nearValidJson(seeds.v1BodyJson, (text) => text),
    (text) => {
      // Text JSON.parse refuses is no input for the decoder (the client parses the body before it).
      const body = (() => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return undefined;
        }
      })();
      decode.v1Body(body);
    },
  ],
  ["WWW-Authenticate: Payment", paymentChallenge, decode.paymentChallenges],
  ["Authorization: Payment", authorization, decode.paymentCredential],
  ["Payment-Receipt (IETF)", nearValidJson(seeds.paymentReceiptJson, base64UrlText), decode.paymentReceipt],
  [
    "charge request",
    nearValidJson(
      seeds.chargeRequest.map((charge) => charge.request),
      base64UrlText,
    ),
    decode.chargeRequest,
  ],
  ["Payment-Request (legacy)", nearValidParams("solana", paymentRequestParams), decode.paymentRequest],
  ["Payment-Receipt (legacy)", nearValidParams("solana", legacyReceiptParams), decode.legacyReceipt],
  [
    "WWW-Authenticate: x402",
    fc.oneof(
      mutateParams(x402AuthParams, paramValue).map((params) => authHeader("x402", params, true)),
      nearValid(x402AuthParams.map((params) => authHeader("x402", params))),
    ),
    decode.x402Auth,
  ],
  [
    "WWW-Authenticate: x402 (legacy space-separated)",
    mutateParams(x402AuthParams, paramValue).map(
      (params) => `x402 ${params.map(([key, value]) => `${key}=${value}`).join(" ")}`,
    ),
    decode.x402AuthLegacy,
  ],
  ["Accept-Payment", nearValid(acceptPayment), decode.acceptPayment],
];

describe("near-valid input: every dialect decoder returns a value or throws a PaymuxError", () => {
  itReturnsOrThrowsPaymuxError(targets);
});
