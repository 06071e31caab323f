import { type InferOutput, looseObject, maxLength, minLength, optional, pipe, regex, string } from "valibot";
import { Base58Schema } from "./common.js";

const DecimalSchema = pipe(
  string(),
  maxLength(40),
  regex(/^(0|[1-9][0-9]*)(\.[0-9]+)?$/, "not a decimal amount"),
);

/** Params of the legacy `Payment-Request: solana; amount=…; recipient=…; network=…` challenge. */
export const PaymentRequestParamsSchema = looseObject({
  amount: DecimalSchema,
  recipient: Base58Schema,
  network: pipe(string(), minLength(1), maxLength(32)),
});
/** Params of the legacy client → server `Payment-Receipt: solana; signature=…` credential. */
export const LegacyReceiptParamsSchema = looseObject({
  signature: Base58Schema,
  network: optional(pipe(string(), maxLength(32))),
  amount: optional(pipe(string(), maxLength(40))),
});
/** Params of `WWW-Authenticate: x402 amount=… currency=… network=…`. */
export const X402AuthParamsSchema = looseObject({
  amount: DecimalSchema,
  currency: pipe(string(), minLength(1), maxLength(32)),
  network: pipe(string(), minLength(1), maxLength(64)),
});

/** Legacy Payment-Request params. */
export type PaymentRequestParams = InferOutput<typeof PaymentRequestParamsSchema>;
/** Legacy Payment-Receipt (credential) params. */
export type LegacyReceiptParams = InferOutput<typeof LegacyReceiptParamsSchema>;
/** `WWW-Authenticate: x402` params. */
export type X402AuthParams = InferOutput<typeof X402AuthParamsSchema>;
