import { PaymuxError } from "../errors/index.js";
import { decodeBase64Json, encodeBase64Json, MAX_HEADER_LENGTH } from "../grammar/index.js";
import type { Offer, Payment, Receipt, ReceivedOffer } from "../model.js";
import { parseAtomic } from "../money/index.js";
import {
  type PaymentPayloadV1,
  PaymentPayloadV1Schema,
  type PaymentPayloadV2,
  PaymentPayloadV2Schema,
  type PaymentRequiredV1,
  PaymentRequiredV1Schema,
  type PaymentRequiredV2,
  PaymentRequiredV2Schema,
  parseSchema,
  type ResourceInfo,
  type SettleResponse,
  SettleResponseSchema,
} from "../schemas/index.js";
import {
  fromV1Network,
  offerToRequirementsV1,
  offerToRequirementsV2,
  requirementsV1ToOffer,
  requirementsV2ToOffer,
  v1NetworkName,
} from "./offers.js";

/** x402 header names (HTTP header names are case-insensitive; these are the canonical spellings). */
export const X402_HEADERS = {
  paymentRequired: "PAYMENT-REQUIRED",
  paymentSignature: "PAYMENT-SIGNATURE",
  paymentResponse: "PAYMENT-RESPONSE",
  xPayment: "X-PAYMENT",
  xPaymentResponse: "X-PAYMENT-RESPONSE",
} as const;

function decodeHeader(value: string, what: string): unknown {
  if (value.length > MAX_HEADER_LENGTH) {
    throw new PaymuxError("HEADER_TOO_LARGE", `${what} header is too large`, {
      context: { length: value.length },
    });
  }
  return decodeBase64Json(value.trim());
}

/** Encodes an x402 v2 `PAYMENT-REQUIRED` header value (standard base64 of compact JSON). */
export function encodePaymentRequired(value: PaymentRequiredV2): string {
  return encodeBase64Json(value);
}

/** Decodes and validates an x402 v2 `PAYMENT-REQUIRED` header value. */
export function decodePaymentRequired(header: string): PaymentRequiredV2 {
  const raw = decodeHeader(header, "PAYMENT-REQUIRED");
  parseSchema(PaymentRequiredV2Schema, raw, "PAYMENT-REQUIRED");
  // The validated input itself, not valibot's rebuilt copy: clients echo `accepts[i]` verbatim, key order included.
  return raw as PaymentRequiredV2;
}

/** Encodes an x402 v2 `PAYMENT-SIGNATURE` header value. */
export function encodePaymentSignature(value: PaymentPayloadV2): string {
  return encodeBase64Json(value);
}

/** Decodes and validates an x402 v2 `PAYMENT-SIGNATURE` header value. */
export function decodePaymentSignature(header: string): PaymentPayloadV2 {
  return parseSchema(
    PaymentPayloadV2Schema,
    decodeHeader(header, "PAYMENT-SIGNATURE"),
    "PAYMENT-SIGNATURE",
    "CREDENTIAL_MALFORMED",
  );
}

/** Encodes a `PAYMENT-RESPONSE` / `X-PAYMENT-RESPONSE` header value. */
export function encodePaymentResponse(value: SettleResponse): string {
  return encodeBase64Json(value);
}

/** Decodes and validates a `PAYMENT-RESPONSE` / `X-PAYMENT-RESPONSE` header value. */
export function decodePaymentResponse(header: string): SettleResponse {
  return parseSchema(
    SettleResponseSchema,
    decodeHeader(header, "PAYMENT-RESPONSE"),
    "PAYMENT-RESPONSE",
    "RECEIPT_MALFORMED",
  );
}

/** Encodes an x402 v1 `X-PAYMENT` header value. */
export function encodeXPayment(value: PaymentPayloadV1): string {
  return encodeBase64Json(value);
}

/** Decodes and validates an x402 v1 `X-PAYMENT` header value. */
export function decodeXPayment(header: string): PaymentPayloadV1 {
  return parseSchema(
    PaymentPayloadV1Schema,
    decodeHeader(header, "X-PAYMENT"),
    "X-PAYMENT",
    "CREDENTIAL_MALFORMED",
  );
}

/** Validates an x402 v1 402 body (already parsed JSON). */
export function decodePaymentRequiredV1(body: unknown): PaymentRequiredV1 {
  return parseSchema(PaymentRequiredV1Schema, body, "x402 v1 body", "CHALLENGE_INVALID");
}

/** Parameters of {@link createPaymentRequiredV2} and {@link createPaymentRequiredV1}. */
export type CreatePaymentRequiredParameters = {
  resource: ResourceInfo;
  offers: readonly Offer[];
  error?: string;
  extensions?: Record<string, unknown>;
};

/** Server offers → the x402 v2 `PaymentRequired` object. */
export function createPaymentRequiredV2(parameters: CreatePaymentRequiredParameters): PaymentRequiredV2 {
  return {
    x402Version: 2,
    ...(parameters.error === undefined ? {} : { error: parameters.error }),
    resource: parameters.resource,
    accepts: parameters.offers.map(offerToRequirementsV2),
    ...(parameters.extensions ? { extensions: parameters.extensions } : {}),
  };
}

/** Server offers → the x402 v1 402 body. */
export function createPaymentRequiredV1(parameters: CreatePaymentRequiredParameters): PaymentRequiredV1 {
  return {
    x402Version: 1,
    error: parameters.error ?? "X-PAYMENT header is required",
    accepts: parameters.offers.map((offer) => offerToRequirementsV1(offer, parameters.resource)),
  };
}

/** The offers of a v2 challenge that paymux can represent (entries with a bad network or amount are skipped). */
export function readOffersV2(required: PaymentRequiredV2): ReceivedOffer[] {
  const offers: ReceivedOffer[] = [];
  for (const requirements of required.accepts) {
    const offer = tryOffer(() => requirementsV2ToOffer(requirements));
    if (!offer) continue;
    offers.push({
      ...offer,
      source: {
        dialect: "x402-v2",
        requirements,
        resource: required.resource,
        ...(required.extensions ? { extensions: required.extensions } : {}),
      },
    });
  }
  return offers;
}

/** The offers of a v1 402 body that paymux can represent. */
export function readOffersV1(required: PaymentRequiredV1): ReceivedOffer[] {
  const offers: ReceivedOffer[] = [];
  for (const requirements of required.accepts) {
    const offer = tryOffer(() => requirementsV1ToOffer(requirements));
    if (offer) offers.push({ ...offer, source: { dialect: "x402-v1", requirements } });
  }
  return offers;
}

function tryOffer(make: () => Offer): Offer | undefined {
  try {
    return make();
  } catch (error) {
    if (error instanceof PaymuxError) return undefined;
    throw error;
  }
}

/** Decoded `PAYMENT-SIGNATURE` → the neutral Payment (its `accepted` still untrusted). */
export function paymentFromV2(payload: PaymentPayloadV2): Payment {
  const accepted = requirementsV2ToOffer(payload.accepted);
  return {
    dialect: "x402-v2",
    scheme: accepted.scheme,
    network: accepted.network,
    payload: payload.payload,
    accepted,
    source: { dialect: "x402-v2", payload },
  };
}

/** Decoded `X-PAYMENT` → the neutral Payment (v1 names only scheme and network). */
export function paymentFromV1(payload: PaymentPayloadV1): Payment {
  return {
    dialect: "x402-v1",
    scheme: payload.scheme,
    network: fromV1Network(payload.network),
    payload: payload.payload,
    source: { dialect: "x402-v1", payload },
  };
}

/** The v2 payment for a received v2 offer: `accepted` is the server's requirements, echoed verbatim. */
export function createPaymentPayloadV2(
  source: Extract<ReceivedOffer["source"], { dialect: "x402-v2" }>,
  payload: Record<string, unknown>,
): PaymentPayloadV2 {
  return {
    x402Version: 2,
    resource: source.resource,
    accepted: source.requirements,
    payload,
    ...(source.extensions ? { extensions: source.extensions } : {}),
  };
}

/** The v1 payment for a received v1 offer. */
export function createPaymentPayloadV1(
  source: Extract<ReceivedOffer["source"], { dialect: "x402-v1" }>,
  payload: Record<string, unknown>,
): PaymentPayloadV1 {
  return {
    x402Version: 1,
    scheme: source.requirements.scheme,
    network: source.requirements.network,
    payload,
  };
}

/** Receipt → `SettleResponse` (v1 writes v1 network names), keys in the order of the spec's vectors. */
export function receiptToSettleResponse(receipt: Receipt, version: 1 | 2 = 2): SettleResponse {
  return {
    success: receipt.success,
    ...(receipt.errorReason === undefined ? {} : { errorReason: receipt.errorReason }),
    ...(receipt.errorMessage === undefined ? {} : { errorMessage: receipt.errorMessage }),
    transaction: receipt.transaction,
    network: version === 1 ? v1NetworkName(receipt.network) : receipt.network,
    ...(receipt.payer === undefined ? {} : { payer: receipt.payer }),
    ...(receipt.amount === undefined ? {} : { amount: receipt.amount.toString() }),
  };
}

/** `SettleResponse` (v1 or v2) → Receipt. */
export function settleResponseToReceipt(response: SettleResponse): Receipt {
  return {
    success: response.success,
    transaction: response.transaction,
    network: fromV1Network(response.network),
    ...(response.payer ? { payer: response.payer } : {}),
    ...(response.errorReason ? { errorReason: response.errorReason } : {}),
    ...(response.errorMessage ? { errorMessage: response.errorMessage } : {}),
    ...(response.amount ? { amount: parseAtomic(response.amount) } : {}),
  };
}
