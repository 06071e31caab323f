import {
  Bytes32Schema,
  EvmAuthorizationPayloadSchema,
  EvmHashPayloadSchema,
  ExactEvmPayloadSchema,
  type Payment,
  parseSchema,
} from "@paymux/core";
import { getAddress, type Hex } from "viem";
import type { TransferAuthorization } from "../eip3009.js";

/** An `exact` payload in either wire form, validated and normalized (checksummed addresses, bigint numbers). */
export type ExactPayload = { authorization: TransferAuthorization; signature: Hex };

/**
 * Reads an `exact` payload: x402's `{ signature, authorization }` or the IETF flat `authorization` credential.
 * Throws `SCHEMA_INVALID` (never echoing the value) when the payload has neither shape.
 */
export function readExactPayload(payment: Payment): ExactPayload {
  if (payment.dialect === "payment-auth") {
    const flat = parseSchema(EvmAuthorizationPayloadSchema, payment.payload, "evm authorization payload");
    return { authorization: normalize(flat), signature: flat.signature as Hex };
  }
  const nested = parseSchema(ExactEvmPayloadSchema, payment.payload, "exact EVM payload");
  return { authorization: normalize(nested.authorization), signature: nested.signature as Hex };
}

/** Reads the transaction hash of a `push` payload (IETF `{ type: "hash", hash }` or paymux's `{ hash }`). */
export function readPushHash(payment: Payment): Hex {
  if (payment.dialect === "payment-auth") {
    return parseSchema(EvmHashPayloadSchema, payment.payload, "evm hash payload").hash.toLowerCase() as Hex;
  }
  return parseSchema(Bytes32Schema, payment.payload["hash"], "push payload hash").toLowerCase() as Hex;
}

function normalize(raw: {
  from: string;
  to: string;
  value: string;
  validAfter: string;
  validBefore: string;
  nonce: string;
}): TransferAuthorization {
  return {
    from: getAddress(raw.from.toLowerCase()),
    to: getAddress(raw.to.toLowerCase()),
    value: BigInt(raw.value),
    validAfter: BigInt(raw.validAfter),
    validBefore: BigInt(raw.validBefore),
    nonce: raw.nonce.toLowerCase() as Hex,
  };
}
