import { type InferOutput, literal, looseObject, maxLength, minLength, pipe, regex, string } from "valibot";
import {
  AtomicAmountSchema,
  Base58Schema,
  Bytes32Schema,
  EvmAddressSchema,
  HexSchema,
  UnixSecondsSchema,
} from "./common.js";

// Solana transactions travel as standard padded base64 (the wire format), never base64url; ≤ 1232 bytes.
const TransactionBase64Schema = pipe(
  string(),
  minLength(4),
  maxLength(1644),
  regex(/^[A-Za-z0-9+/]*={0,2}$/, "not standard base64"),
);

/** The EIP-3009 authorization inside an EVM `exact` payload. */
export const Eip3009AuthorizationSchema = looseObject({
  from: EvmAddressSchema,
  to: EvmAddressSchema,
  value: AtomicAmountSchema,
  validAfter: UnixSecondsSchema,
  validBefore: UnixSecondsSchema,
  nonce: Bytes32Schema,
});
/** x402 `exact` EVM payload (EIP-3009). */
export const ExactEvmPayloadSchema = looseObject({
  signature: pipe(HexSchema, minLength(4)),
  authorization: Eip3009AuthorizationSchema,
});
/** x402 `exact` Solana payload: a partially signed transaction, standard base64. */
export const ExactSvmPayloadSchema = looseObject({
  transaction: TransactionBase64Schema,
});
/** IETF Payment `evm` credential payload of type `authorization`. */
export const EvmAuthorizationPayloadSchema = looseObject({
  type: literal("authorization"),
  from: EvmAddressSchema,
  to: EvmAddressSchema,
  value: AtomicAmountSchema,
  validAfter: UnixSecondsSchema,
  validBefore: UnixSecondsSchema,
  nonce: Bytes32Schema,
  signature: pipe(HexSchema, minLength(4)),
});
/** IETF Payment `evm` credential payload of type `hash` (client-broadcast transfer). */
export const EvmHashPayloadSchema = looseObject({ type: literal("hash"), hash: Bytes32Schema });
/** IETF Payment `solana` pull payload. */
export const SolanaTransactionPayloadSchema = looseObject({
  type: literal("transaction"),
  transaction: TransactionBase64Schema,
});
/** IETF Payment `solana` push payload (and paymux's `push` scheme payload on Solana). */
export const SolanaSignaturePayloadSchema = looseObject({
  type: literal("signature"),
  signature: Base58Schema,
});

/** EIP-3009 authorization. */
export type Eip3009Authorization = InferOutput<typeof Eip3009AuthorizationSchema>;
/** x402 exact EVM payload. */
export type ExactEvmPayload = InferOutput<typeof ExactEvmPayloadSchema>;
/** x402 exact Solana payload. */
export type ExactSvmPayload = InferOutput<typeof ExactSvmPayloadSchema>;
/** IETF evm authorization payload. */
export type EvmAuthorizationPayload = InferOutput<typeof EvmAuthorizationPayloadSchema>;
/** IETF evm hash payload. */
export type EvmHashPayload = InferOutput<typeof EvmHashPayloadSchema>;
/** IETF solana pull payload. */
export type SolanaTransactionPayload = InferOutput<typeof SolanaTransactionPayloadSchema>;
/** IETF solana push payload. */
export type SolanaSignaturePayload = InferOutput<typeof SolanaSignaturePayloadSchema>;
