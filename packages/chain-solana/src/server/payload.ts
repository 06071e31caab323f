import { Base58Schema, ExactSvmPayloadSchema, type Payment, PaymuxError, parseSchema } from "@paymux/core";
import { isSignature, type Signature } from "@solana/kit";

/**
 * The wire transaction of an `exact` payload. x402 sends `{ transaction }`, IETF `{ type: "transaction",
 * transaction }`; both validate as standard base64 here (the credential codec already checked `type`).
 */
export function readTransactionPayload(payment: Payment): string {
  return parseSchema(ExactSvmPayloadSchema, payment.payload, "exact Solana payload", "CREDENTIAL_MALFORMED")
    .transaction;
}

/** The transaction signature of a `push` payload (`{ signature }` or `{ type: "signature", signature }`). */
export function readSignaturePayload(payment: Payment): Signature {
  const signature = parseSchema(
    Base58Schema,
    payment.payload["signature"],
    "push payload signature",
    "CREDENTIAL_MALFORMED",
  );
  if (!isSignature(signature)) {
    throw new PaymuxError("CREDENTIAL_MALFORMED", "push payload signature is not 64 bytes of base58");
  }
  return signature;
}
