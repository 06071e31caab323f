import {
  type CompiledTransactionMessage,
  type CompiledTransactionMessageWithLifetime,
  getBase64Encoder,
  getCompiledTransactionMessageDecoder,
  getTransactionDecoder,
  type ReadonlyUint8Array,
  type Transaction,
} from "@solana/kit";
import { sha256, toHex } from "./hash.js";

/** The Solana wire size limit of one transaction, in bytes. */
export const MAX_TRANSACTION_BYTES = 1232;

/** A wire transaction taken apart: the signatures, the compiled message and its hash. */
export type DecodedTransaction = {
  transaction: Transaction;
  message: CompiledTransactionMessage & CompiledTransactionMessageWithLifetime;
  /** SHA-256 of the message bytes, hex: stable whatever bytes fill the unsigned signature slots. */
  messageHash: string;
};

/** Decodes a standard-base64 wire transaction; throws on anything that is not one. */
export function decodeWireTransaction(base64: string): DecodedTransaction {
  const bytes = getBase64Encoder().encode(base64);
  if (bytes.length > MAX_TRANSACTION_BYTES) throw new RangeError("transaction exceeds 1232 bytes");
  const transaction = getTransactionDecoder().decode(bytes);
  const message = getCompiledTransactionMessageDecoder().decode(transaction.messageBytes);
  return { transaction, message, messageHash: messageHash(transaction.messageBytes) };
}

/** SHA-256 (hex) of a transaction's message bytes: the x402 2.27 duplicate-settlement key. */
export function messageHash(messageBytes: ReadonlyUint8Array): string {
  return toHex(sha256(messageBytes as Uint8Array));
}

/** SHA-256 (hex) of the message of a standard-base64 wire transaction. */
export function transactionMessageHash(base64: string): string {
  return decodeWireTransaction(base64).messageHash;
}
