import {
  getBase64EncodedWireTransaction,
  type Transaction,
  type TransactionPartialSigner,
  type TransactionWithinSizeLimit,
  type TransactionWithLifetime,
} from "@solana/kit";

/** Adds the fee payer's signature to a client-signed transaction (any kit partial signer, KMS ones included). */
export async function cosign(
  transaction: Transaction,
  feePayer: TransactionPartialSigner,
): Promise<Transaction> {
  const [signatures] = await feePayer.signTransactions([
    transaction as Transaction & TransactionWithinSizeLimit & TransactionWithLifetime,
  ]);
  // Spreading keeps the key order of the original map, which is the wire order of the signatures.
  return { ...transaction, signatures: { ...transaction.signatures, ...signatures } };
}

/** Standard base64 of a transaction's wire bytes. */
export function toBase64(transaction: Transaction): string {
  return getBase64EncodedWireTransaction(transaction);
}
