// Valid protocol values for the fuzz targets: offers, and each dialect's well-formed encoding of them, as the
// seeds that the structure-aware targets mutate. Header values are assembled by hand (not through the
// serializers), so a mutated value that no serializer would write still reaches the parser.
import fc from "fast-check";
import {
  BASE,
  BASE_SEPOLIA,
  createPaymentRequiredV1,
  createPaymentRequiredV2,
  encodeBase64Url,
  encodeChargeRequest,
  groupOffersForPaymentAuth,
  type Offer,
  offerToRequirementsV2,
  receiptToPaymentReceipt,
  receiptToSettleResponse,
  SOLANA_DEVNET,
  SOLANA_MAINNET,
  utf8Encode,
} from "../src/index.js";
import { SPEC_AUTHORIZATION, SPEC_SIGNATURE } from "./vectors.js";

const hexByte = (byte: number) => byte.toString(16).padStart(2, "0");
/** A 20-byte 0x address. */
export const hex40 = fc
  .uint8Array({ minLength: 20, maxLength: 20 })
  .map((bytes) => `0x${Array.from(bytes, hexByte).join("")}`);
/** A base58 string of Solana address length. */
export const base58 = fc.string({
  unit: fc.constantFrom(..."123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"),
  minLength: 32,
  maxLength: 44,
});
const amount = fc.bigInt({ min: 1n, max: (1n << 64n) - 1n });
const USDC = {
  [BASE]: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
  [BASE_SEPOLIA]: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
};

/** EVM offers, USDC on Base and Base Sepolia most of the time (so the x402 auth hint can name them). */
export const evmOffer: fc.Arbitrary<Offer> = fc.record({
  scheme: fc.constantFrom("exact", "push"),
  network: fc.constantFrom<Offer["network"]>(BASE, BASE_SEPOLIA, "eip155:31337"),
  asset: fc.oneof(fc.constantFrom(...Object.values(USDC)), hex40),
  amount,
  payTo: hex40,
  maxTimeoutSeconds: fc.integer({ min: 1, max: 3600 }),
  extra: fc.record({ name: fc.string({ maxLength: 20 }), version: fc.constantFrom("1", "2") }),
});
/** Native SOL push offers (what the legacy dialect carries). */
export const solPushOffer: fc.Arbitrary<Offer> = fc.record({
  scheme: fc.constant("push"),
  network: fc.constantFrom(SOLANA_DEVNET, SOLANA_MAINNET),
  asset: fc.constant("sol"),
  amount,
  payTo: base58,
  maxTimeoutSeconds: fc.constant(300),
  extra: fc.constant({}),
});
/** Solana offers: native SOL push and sponsored SPL exact. */
export const solOffer: fc.Arbitrary<Offer> = fc.oneof(
  solPushOffer,
  fc.record({
    scheme: fc.constant("exact"),
    network: fc.constantFrom(SOLANA_DEVNET, SOLANA_MAINNET),
    asset: base58,
    amount,
    payTo: base58,
    maxTimeoutSeconds: fc.integer({ min: 1, max: 600 }),
    extra: fc.record({ feePayer: base58 }),
  }),
);
/** Any offer. */
export const anyOffer = fc.oneof(evmOffer, solOffer);
/** x402 `ResourceInfo`. */
export const resource = fc.record({
  // Built from parts: fc.webUrl() costs more than everything a case then does with the URL.
  url: fc
    .tuple(
      fc.constantFrom("https://api.example.com", "http://localhost:3000"),
      fc.stringMatching(/^(\/[a-z0-9-]{1,8}){0,3}$/),
    )
    .map(([origin, path]) => origin + path),
  description: fc.string({ maxLength: 40 }),
  mimeType: fc.constant("application/json"),
});

/** A payload of the right shape for an offer's scheme and network (not a valid signature or transaction). */
export function payloadOf(offer: Offer): Record<string, unknown> {
  if (offer.network.startsWith("eip155:")) {
    return offer.scheme === "exact"
      ? { signature: SPEC_SIGNATURE, authorization: { ...SPEC_AUTHORIZATION } }
      : { hash: `0x${"ab".repeat(32)}` };
  }
  return offer.scheme === "exact" ? { transaction: "AQID".repeat(40) } : { signature: "5".repeat(88) };
}

/** The JSON of a v2 `PAYMENT-REQUIRED`. */
export const paymentRequiredJson = fc
  .tuple(fc.array(anyOffer, { minLength: 1, maxLength: 3 }), resource)
  .map(([offers, info]) => createPaymentRequiredV2({ resource: info, offers, error: "Payment required" }));
/** The JSON of an x402 v1 402 body. */
export const v1BodyJson = fc
  .tuple(fc.array(evmOffer, { minLength: 1, maxLength: 3 }), resource)
  .map(([offers, info]) => createPaymentRequiredV1({ resource: info, offers }));
/** The JSON of a v2 `PAYMENT-SIGNATURE`. */
export const paymentSignatureJson = fc.tuple(anyOffer, resource).map(([offer, info]) => ({
  x402Version: 2,
  resource: info,
  accepted: offerToRequirementsV2(offer),
  payload: payloadOf(offer),
}));
/** The JSON of a v1 `X-PAYMENT`. */
export const xPaymentJson = evmOffer.map((offer) => ({
  x402Version: 1,
  scheme: offer.scheme,
  network: offer.network === BASE ? "base" : "base-sepolia",
  payload: payloadOf(offer),
}));
/** The JSON of a `PAYMENT-RESPONSE`. */
export const settleResponseJson = fc
  .record({
    success: fc.boolean(),
    transaction: fc.string({ maxLength: 90 }),
    network: fc.constantFrom<Offer["network"]>(BASE, SOLANA_DEVNET),
    payer: hex40,
    amount: amount,
  })
  .map((receipt) => receiptToSettleResponse(receipt));

/** A `charge` request, as the server makes it for an offer. */
export const chargeRequest = anyOffer.map((offer) => {
  const [group] = groupOffersForPaymentAuth([offer]);
  if (!group) throw new Error("every generated offer is expressible in IETF Payment");
  return { method: group.method, request: group.request };
});

const id = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => encodeBase64Url(bytes));
const expires = fc
  .integer({ min: Date.parse("2030-01-01T00:00:00Z") / 1000, max: Date.parse("2040-01-01T00:00:00Z") / 1000 })
  .map((seconds) => new Date(seconds * 1000).toISOString().replace(".000Z", "Z"));

/** The auth-params of a `WWW-Authenticate: Payment` challenge, in the order servers write them. */
export const challengeParams = fc
  .tuple(chargeRequest, id, expires, fc.option(fc.string({ maxLength: 30 }), { nil: undefined }))
  .map(([charge, challengeId, when, description]): [string, string][] => [
    ["id", challengeId],
    ["realm", "api.example.com"],
    ["method", charge.method],
    ["intent", "charge"],
    ["request", encodeChargeRequest(charge.request)],
    ["expires", when],
    ["opaque", encodeBase64Url(utf8Encode('{"nonce":"0123456789abcdef"}'))],
    ...(description === undefined ? [] : [["description", description] as [string, string]]),
  ]);

/** The JSON of an `Authorization: Payment` credential. */
export const credentialJson = fc.tuple(challengeParams, anyOffer).map(([params, offer]) => ({
  challenge: Object.fromEntries(params),
  payload: { type: offer.scheme === "exact" ? "transaction" : "signature", ...payloadOf(offer) },
  source: "did:pkh:eip155:8453:0x857b06519E91e3A54538791bDbb0E22373e36b66",
}));

/** The JSON of an IETF `Payment-Receipt`. */
export const paymentReceiptJson = fc
  .tuple(
    fc.string({ minLength: 1, maxLength: 90 }),
    fc.constantFrom<Offer["network"]>(BASE, SOLANA_DEVNET),
    id,
  )
  .map(([transaction, network, challengeId]) =>
    receiptToPaymentReceipt({ success: true, transaction, network }, "evm", challengeId),
  );

/** Adds a quoted-string's escapes (and nothing else: what cannot be sent stays, for the parser to refuse). */
export function quote(value: string): string {
  return `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`;
}

/** `Scheme k="v", k2=v2` from params, each value quoted or bare. */
export function authHeader(scheme: string, params: readonly [string, string][], bare = false): string {
  const list = params.map(([key, value]) => `${key}=${bare ? value : quote(value)}`).join(", ");
  return list === "" ? scheme : `${scheme} ${list}`;
}

/** `token; k="v"; k2="v2"`. */
export function parameterHeader(token: string, params: readonly [string, string][]): string {
  return [token, ...params.map(([key, value]) => `${key}=${quote(value)}`)].join("; ");
}

type ParamEdit = { at: number; op: "duplicate" | "drop" | "value" | "upper" | "unknown"; value: string };

/** One to three edits of a param list: a param repeated (with another value), dropped, replaced, renamed. */
export function mutateParams(
  params: fc.Arbitrary<[string, string][]>,
  values: fc.Arbitrary<string>,
): fc.Arbitrary<[string, string][]> {
  const edit: fc.Arbitrary<ParamEdit> = fc.record({
    at: fc.nat(),
    op: fc.constantFrom("duplicate", "duplicate", "drop", "value", "value", "upper", "unknown"),
    value: values,
  });
  return fc.tuple(params, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([base, edits]) => {
    const out = base.map(([key, value]): [string, string] => [key, value]);
    for (const { at, op, value } of edits) {
      if (out.length === 0) break;
      const i = at % out.length;
      const [key] = out[i] as [string, string];
      if (op === "duplicate") out.splice(i + 1, 0, [key, value]);
      else if (op === "drop") out.splice(i, 1);
      else if (op === "value") out[i] = [key, value];
      else if (op === "upper") out[i] = [key.toUpperCase(), (out[i] as [string, string])[1]];
      else out.push([`x-${key}`, value]);
    }
    return out;
  });
}
