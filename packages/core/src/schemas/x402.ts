import {
  array,
  boolean,
  type InferOutput,
  literal,
  looseObject,
  maxLength,
  minLength,
  nullish,
  number,
  optional,
  picklist,
  pipe,
  record,
  string,
  union,
} from "valibot";
import {
  AtomicAmountSchema,
  IdSchema,
  JsonObjectSchema,
  NetworkSchema,
  PositiveIntSchema,
} from "./common.js";

const ExtraSchema = nullish(JsonObjectSchema);

/** x402 v2 `ResourceInfo`. */
export const ResourceInfoSchema = looseObject({
  url: pipe(string(), minLength(1), maxLength(4096)),
  description: optional(string()),
  mimeType: optional(string()),
});
/** x402 v2 `PaymentRequirements` (one entry of `accepts`). */
export const PaymentRequirementsV2Schema = looseObject({
  scheme: IdSchema,
  network: NetworkSchema,
  amount: AtomicAmountSchema,
  asset: IdSchema,
  payTo: IdSchema,
  maxTimeoutSeconds: PositiveIntSchema,
  extra: ExtraSchema,
});
/** x402 v2 `PaymentRequired` (the decoded `PAYMENT-REQUIRED` header). */
export const PaymentRequiredV2Schema = looseObject({
  x402Version: literal(2),
  error: optional(string()),
  resource: ResourceInfoSchema,
  accepts: pipe(array(PaymentRequirementsV2Schema), minLength(1), maxLength(64)),
  extensions: optional(JsonObjectSchema),
});
/** x402 v2 `PaymentPayload` (the decoded `PAYMENT-SIGNATURE` header). */
export const PaymentPayloadV2Schema = looseObject({
  x402Version: literal(2),
  resource: optional(ResourceInfoSchema),
  accepted: PaymentRequirementsV2Schema,
  payload: JsonObjectSchema,
  extensions: optional(JsonObjectSchema),
});

/** x402 v1 `PaymentRequirements`. */
export const PaymentRequirementsV1Schema = looseObject({
  scheme: IdSchema,
  network: IdSchema,
  maxAmountRequired: AtomicAmountSchema,
  asset: IdSchema,
  payTo: IdSchema,
  resource: string(),
  description: optional(string()),
  mimeType: optional(string()),
  outputSchema: nullish(JsonObjectSchema),
  maxTimeoutSeconds: PositiveIntSchema,
  extra: ExtraSchema,
});
/** x402 v1 402 body (`PaymentRequirementsResponse`). */
export const PaymentRequiredV1Schema = looseObject({
  x402Version: literal(1),
  error: optional(string()),
  accepts: pipe(array(PaymentRequirementsV1Schema), maxLength(64)),
});
/** x402 v1 `PaymentPayload` (the decoded `X-PAYMENT` header). */
export const PaymentPayloadV1Schema = looseObject({
  x402Version: literal(1),
  scheme: IdSchema,
  network: IdSchema,
  payload: JsonObjectSchema,
});

/** x402 `SettleResponse` (the decoded `PAYMENT-RESPONSE` / `X-PAYMENT-RESPONSE`, and `/settle`'s body). */
export const SettleResponseSchema = looseObject({
  success: boolean(),
  errorReason: nullish(string()),
  errorMessage: nullish(string()),
  payer: nullish(string()),
  transaction: string(),
  network: string(),
  amount: nullish(AtomicAmountSchema),
  extensions: nullish(JsonObjectSchema),
});
/** x402 `VerifyResponse` (`/verify`'s body). */
export const VerifyResponseSchema = looseObject({
  isValid: boolean(),
  invalidReason: nullish(string()),
  invalidMessage: nullish(string()),
  payer: nullish(string()),
  extensions: nullish(JsonObjectSchema),
});
/** One `kinds` entry of `/supported`. */
export const SupportedKindSchema = looseObject({
  x402Version: number(),
  scheme: IdSchema,
  network: IdSchema,
  extra: ExtraSchema,
});
/** x402 `/supported` body (v1 facilitators send only `kinds`). */
export const SupportedResponseSchema = looseObject({
  kinds: array(SupportedKindSchema),
  extensions: optional(array(string()), []),
  signers: optional(record(string(), array(string())), {}),
});
/** `POST /verify` and `POST /settle` request body. */
export const FacilitatorRequestSchema = looseObject({
  x402Version: picklist([1, 2]),
  paymentPayload: union([PaymentPayloadV2Schema, PaymentPayloadV1Schema]),
  paymentRequirements: union([PaymentRequirementsV2Schema, PaymentRequirementsV1Schema]),
});
/** One entry of `GET /discovery/resources`. */
export const DiscoveredResourceSchema = looseObject({
  resource: string(),
  type: string(),
  x402Version: number(),
  accepts: array(JsonObjectSchema),
  lastUpdated: number(),
  metadata: optional(JsonObjectSchema),
});
/** `GET /discovery/resources` body. */
export const DiscoveryResponseSchema = looseObject({
  x402Version: number(),
  items: array(DiscoveredResourceSchema),
  pagination: looseObject({ limit: number(), offset: number(), total: number() }),
});

/** x402 v2 `ResourceInfo`. */
export type ResourceInfo = InferOutput<typeof ResourceInfoSchema>;
/** x402 v2 `PaymentRequirements`. */
export type PaymentRequirementsV2 = InferOutput<typeof PaymentRequirementsV2Schema>;
/** x402 v2 `PaymentRequired`. */
export type PaymentRequiredV2 = InferOutput<typeof PaymentRequiredV2Schema>;
/** x402 v2 `PaymentPayload`. */
export type PaymentPayloadV2 = InferOutput<typeof PaymentPayloadV2Schema>;
/** x402 v1 `PaymentRequirements`. */
export type PaymentRequirementsV1 = InferOutput<typeof PaymentRequirementsV1Schema>;
/** x402 v1 402 body. */
export type PaymentRequiredV1 = InferOutput<typeof PaymentRequiredV1Schema>;
/** x402 v1 `PaymentPayload`. */
export type PaymentPayloadV1 = InferOutput<typeof PaymentPayloadV1Schema>;
/** x402 `SettleResponse`. */
export type SettleResponse = InferOutput<typeof SettleResponseSchema>;
/** x402 `VerifyResponse`. */
export type VerifyResponse = InferOutput<typeof VerifyResponseSchema>;
/** One `/supported` kind. */
export type SupportedKind = InferOutput<typeof SupportedKindSchema>;
/** x402 `/supported` body. */
export type SupportedResponse = InferOutput<typeof SupportedResponseSchema>;
/** `/verify` and `/settle` request body. */
export type FacilitatorRequest = InferOutput<typeof FacilitatorRequestSchema>;
/** `GET /discovery/resources` body. */
export type DiscoveryResponse = InferOutput<typeof DiscoveryResponseSchema>;
