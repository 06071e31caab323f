import {
  array,
  boolean,
  type InferOutput,
  integer,
  literal,
  looseObject,
  maxLength,
  maxValue,
  minLength,
  minValue,
  number,
  optional,
  picklist,
  pipe,
  record,
  regex,
  string,
  union,
} from "valibot";
import { Base58Schema, IdSchema, JsonObjectSchema, PositiveAmountSchema } from "./common.js";

const Base64UrlSchema = pipe(
  string(),
  maxLength(16 * 1024),
  regex(/^[A-Za-z0-9_-]*={0,2}$/, "not base64url"),
);
const Rfc3339Schema = pipe(
  string(),
  regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, "not an RFC 3339 date-time"),
);

/** The auth-params of one `WWW-Authenticate: Payment` challenge (payment-auth.md §1.1). */
export const PaymentChallengeParamsSchema = looseObject({
  id: pipe(string(), minLength(1), maxLength(256)),
  realm: pipe(string(), maxLength(256)),
  method: pipe(string(), maxLength(64), regex(/^[a-z][a-z0-9:_-]*$/, "not a payment method id")),
  intent: pipe(string(), maxLength(64), regex(/^[A-Za-z0-9-]+$/, "not an intent token")),
  request: pipe(Base64UrlSchema, minLength(1)),
  expires: optional(Rfc3339Schema),
  digest: optional(pipe(string(), maxLength(512))),
  description: optional(pipe(string(), maxLength(1024))),
  opaque: optional(Base64UrlSchema),
});

/** `methodDetails` of the `evm` method. */
export const EvmMethodDetailsSchema = looseObject({
  chainId: pipe(number(), integer(), minValue(1), maxValue(Number.MAX_SAFE_INTEGER)),
  permit2Address: optional(string()),
  credentialTypes: optional(
    pipe(array(picklist(["permit2", "authorization", "transaction", "hash"])), minLength(1), maxLength(4)),
  ),
  decimals: optional(pipe(number(), integer(), minValue(0), maxValue(36))),
  splits: optional(array(JsonObjectSchema)),
});
/** `methodDetails` of the `solana` method. */
export const SolanaMethodDetailsSchema = looseObject({
  network: optional(picklist(["mainnet", "mainnet-beta", "devnet", "testnet", "localnet"])),
  decimals: optional(pipe(number(), integer(), minValue(0), maxValue(9))),
  tokenProgram: optional(Base58Schema),
  feePayer: optional(boolean()),
  feePayerKey: optional(Base58Schema),
  splits: optional(pipe(array(JsonObjectSchema), maxLength(8))),
  recentBlockhash: optional(Base58Schema),
});
/** The decoded `request` of a `charge` challenge. */
export const ChargeRequestSchema = looseObject({
  amount: PositiveAmountSchema,
  currency: pipe(string(), minLength(1), maxLength(128)),
  recipient: optional(pipe(string(), minLength(1), maxLength(128))),
  description: optional(pipe(string(), maxLength(1024))),
  externalId: optional(pipe(string(), maxLength(566))),
  methodDetails: optional(JsonObjectSchema),
});
/** The challenge echoed inside a credential. */
export const EchoedChallengeSchema = looseObject({
  id: pipe(string(), minLength(1), maxLength(256)),
  realm: pipe(string(), maxLength(256)),
  method: pipe(string(), maxLength(64)),
  intent: pipe(string(), maxLength(64)),
  request: pipe(Base64UrlSchema, minLength(1)),
  expires: optional(string()),
  digest: optional(string()),
  // Older mppx clients echo `opaque` as the decoded object; it is re-encoded before the HMAC.
  opaque: optional(union([Base64UrlSchema, record(string(), string())])),
  description: optional(string()),
});
/** The decoded `Authorization: Payment` credential. */
export const PaymentCredentialSchema = looseObject({
  challenge: EchoedChallengeSchema,
  payload: JsonObjectSchema,
  source: optional(pipe(string(), maxLength(256))),
});
/** The decoded `Payment-Receipt` response header. */
export const PaymentReceiptSchema = looseObject({
  status: literal("success"),
  method: IdSchema,
  timestamp: string(),
  reference: IdSchema,
  challengeId: optional(string()),
  chainId: optional(number()),
  externalId: optional(string()),
});
/** An RFC 9457 problem details body. */
export const ProblemDetailsSchema = looseObject({
  type: string(),
  title: string(),
  status: number(),
  detail: optional(string()),
  challengeId: optional(string()),
});

/** Payment challenge auth-params. */
export type PaymentChallengeParams = InferOutput<typeof PaymentChallengeParamsSchema>;
/** `evm` methodDetails. */
export type EvmMethodDetails = InferOutput<typeof EvmMethodDetailsSchema>;
/** `solana` methodDetails. */
export type SolanaMethodDetails = InferOutput<typeof SolanaMethodDetailsSchema>;
/** A decoded `charge` request. */
export type ChargeRequest = InferOutput<typeof ChargeRequestSchema>;
/** A challenge as echoed in a credential. */
export type EchoedChallenge = InferOutput<typeof EchoedChallengeSchema>;
/** A decoded Payment credential. */
export type PaymentCredential = InferOutput<typeof PaymentCredentialSchema>;
/** A decoded Payment receipt. */
export type PaymentReceipt = InferOutput<typeof PaymentReceiptSchema>;
/** RFC 9457 problem details. */
export type ProblemDetails = InferOutput<typeof ProblemDetailsSchema>;
