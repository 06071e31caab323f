/**
 * Stable error codes of paymux. Append-only: a code, once published, keeps its meaning forever, because users
 * switch on it. Group by the layer that raises it.
 */
export const PAYMUX_ERROR_CODES = [
  // grammar and encodings
  "HEADER_MALFORMED",
  "HEADER_TOO_LARGE",
  "BASE64_MALFORMED",
  "JSON_MALFORMED",
  "JCS_UNSUPPORTED_VALUE",
  // schemas and dialects
  "SCHEMA_INVALID",
  "DIALECT_UNSUPPORTED",
  "X402_VERSION_UNSUPPORTED",
  "CHALLENGE_MISSING",
  "CHALLENGE_INVALID",
  "CHALLENGE_EXPIRED",
  "CHALLENGE_ID_MISMATCH",
  "CREDENTIAL_MALFORMED",
  "RECEIPT_MALFORMED",
  // networks, assets, money
  "NETWORK_INVALID",
  "NETWORK_UNKNOWN",
  "ASSET_UNKNOWN",
  "AMOUNT_INVALID",
  "AMOUNT_OUT_OF_RANGE",
  "AMOUNT_PRECISION_EXCEEDED",
  "PRICE_INVALID",
  // schemes and registry
  "SCHEME_UNSUPPORTED",
  "SCHEME_CONFLICT",
  "OFFER_NOT_FOUND",
  "SECRET_TOO_WEAK",
  // client policy
  "AMOUNT_EXCEEDS_POLICY",
  "BUDGET_EXHAUSTED",
  "POLICY_REJECTED",
  "PAYMENT_ALREADY_ATTEMPTED",
  // verification and settlement
  "VERIFICATION_FAILED",
  "SETTLEMENT_FAILED",
  "PAYMENT_REPLAYED",
  "FACILITATOR_ERROR",
  "CHAIN_ERROR",
  // configuration
  "CONFIG_INVALID",
  // stores (replay claims, settlement records): unreachable, too slow, closed, or holding foreign data
  "STORE_UNAVAILABLE",
  // a request or response body over a reader's size cap (the facilitator's 413, a client's 402 body)
  "BODY_TOO_LARGE",
] as const;

/** One of paymux's stable error codes. */
export type PaymuxErrorCode = (typeof PAYMUX_ERROR_CODES)[number];
