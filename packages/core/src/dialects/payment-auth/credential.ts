import { PAYMENT_PROBLEM_BASE, PaymuxError } from "../../errors/index.js";
import {
  canonicalizeJson,
  decodeBase64UrlJson,
  encodeBase64Url,
  encodeBase64UrlJson,
  MAX_HEADER_LENGTH,
  utf8Encode,
} from "../../grammar/index.js";
import {
  type PaymentCredential,
  PaymentCredentialSchema,
  type PaymentReceipt,
  PaymentReceiptSchema,
  type ProblemDetails,
  parseSchema,
} from "../../schemas/index.js";

const CREDENTIAL = /^Payment[ \t]+([A-Za-z0-9_-]+={0,2})[ \t]*$/i;

/** A credential → the `Authorization` value `Payment <base64url(JSON)>` (no padding). */
export function encodePaymentCredential(credential: PaymentCredential): string {
  return `Payment ${encodeBase64UrlJson(credential)}`;
}

/**
 * Decodes `Authorization: Payment <b64url>`. Several Payment credentials in one request (a comma-joined
 * header) are refused, as the spec asks servers to answer them with 400.
 */
export function decodePaymentCredential(authorization: string): PaymentCredential {
  if (authorization.length > MAX_HEADER_LENGTH) {
    throw new PaymuxError("HEADER_TOO_LARGE", "Authorization header is too large", {
      context: { length: authorization.length },
    });
  }
  const value = authorization.trim();
  if (value.includes(",")) {
    throw new PaymuxError("CREDENTIAL_MALFORMED", "More than one credential in Authorization", {
      context: { multiple: true },
    });
  }
  const match = CREDENTIAL.exec(value);
  if (!match?.[1]) throw new PaymuxError("CREDENTIAL_MALFORMED", "Authorization is not a Payment credential");
  let decoded: unknown;
  try {
    decoded = decodeBase64UrlJson(match[1]);
  } catch (cause) {
    throw new PaymuxError("CREDENTIAL_MALFORMED", "Payment credential is not base64url JSON", { cause });
  }
  return parseSchema(PaymentCredentialSchema, decoded, "Payment credential", "CREDENTIAL_MALFORMED");
}

/** True when an `Authorization` value uses the Payment scheme (so other schemes pass through untouched). */
export function isPaymentAuthorization(authorization: string): boolean {
  return /^\s*Payment(?:\s|$)/i.test(authorization);
}

/** A receipt → the `Payment-Receipt` value (base64url of JCS, no padding). */
export function encodePaymentReceipt(receipt: PaymentReceipt): string {
  return encodeBase64Url(utf8Encode(canonicalizeJson(receipt)));
}

/** Decodes a `Payment-Receipt` response header (JCS not required on input). */
export function decodePaymentReceipt(header: string): PaymentReceipt {
  if (header.length > MAX_HEADER_LENGTH) {
    throw new PaymuxError("HEADER_TOO_LARGE", "Payment-Receipt header is too large", {
      context: { length: header.length },
    });
  }
  return parseSchema(
    PaymentReceiptSchema,
    decodeBase64UrlJson(header.trim()),
    "Payment receipt",
    "RECEIPT_MALFORMED",
  );
}

/** Parameters of {@link createProblem}. */
export type CreateProblemParameters = {
  title: string;
  status?: number;
  detail?: string;
  /** The fresh challenge sent in the same response. */
  challengeId?: string;
};

/** An RFC 9457 problem body with a `https://paymentauth.org/problems/<type>` type. */
export function createProblem(type: string, parameters: CreateProblemParameters): ProblemDetails {
  return {
    type: PAYMENT_PROBLEM_BASE + type,
    title: parameters.title,
    status: parameters.status ?? 402,
    ...(parameters.detail === undefined ? {} : { detail: parameters.detail }),
    ...(parameters.challengeId === undefined ? {} : { challengeId: parameters.challengeId }),
  };
}
