import { PaymuxError } from "@paymux/core";
import { createKeyPairSignerFromBytes, type TransactionPartialSigner } from "@solana/kit";

/** A web3.js 1.x `Keypair` (or anything exposing its 64-byte `secretKey`). */
export type SecretKeyHolder = { readonly secretKey: Uint8Array };

/** Every signer shape the Solana payers accept: a kit signer, a web3.js 1.x Keypair or raw 64-byte secret key bytes. */
export type SolanaSignerSource = TransactionPartialSigner | SecretKeyHolder | Uint8Array;

/**
 * Normalizes a signer source to a kit signer. Secret keys are the 64-byte Solana format (seed ‖ public key);
 * kit checks that the halves match, so a corrupted key fails here rather than at the RPC.
 */
export async function toSolanaSigner(source: SolanaSignerSource): Promise<TransactionPartialSigner> {
  if (source instanceof Uint8Array) return fromBytes(source);
  if (typeof source === "object" && source !== null) {
    if (
      "signTransactions" in source &&
      typeof source.signTransactions === "function" &&
      "address" in source
    ) {
      return source;
    }
    if ("secretKey" in source && source.secretKey instanceof Uint8Array) return fromBytes(source.secretKey);
  }
  throw new PaymuxError(
    "CONFIG_INVALID",
    "Unsupported Solana signer: pass a kit KeyPairSigner, a web3.js Keypair or 64 secret key bytes",
  );
}

async function fromBytes(bytes: Uint8Array): Promise<TransactionPartialSigner> {
  if (bytes.length !== 64) {
    throw new PaymuxError("CONFIG_INVALID", "A Solana secret key is 64 bytes (seed and public key)", {
      context: { length: bytes.length },
    });
  }
  try {
    return await createKeyPairSignerFromBytes(bytes);
  } catch (cause) {
    throw new PaymuxError("CONFIG_INVALID", "The Solana secret key is invalid", { cause });
  }
}
