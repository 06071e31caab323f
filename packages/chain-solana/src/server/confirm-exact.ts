import { type Receipt, X402_REASONS } from "@paymux/core";
import type { Signature } from "@solana/kit";
import { describeError, readSignatureStatus } from "../confirm.js";
import type { SolanaRpc } from "../rpc.js";

/** What a success receipt of the settled payment carries besides the signature. */
export type ConfirmedReceiptFields = Omit<
  Receipt,
  "success" | "transaction" | "errorReason" | "errorMessage"
>;

/**
 * The outcome of a transaction sent earlier whose confirmation was never seen (a timeout, a restart): success or
 * failure once the cluster has a verdict, `unexpected_settle_error` while it is only processed or the RPC does not
 * answer, undefined when the cluster has never seen it (sending the same transaction again is then safe: one
 * signature lands once).
 */
export async function confirmTransaction(
  rpc: SolanaRpc,
  signature: Signature,
  timeoutMs: number,
  fields: ConfirmedReceiptFields,
): Promise<Receipt | undefined> {
  const pending: Receipt = {
    ...fields,
    success: false,
    transaction: signature,
    errorReason: X402_REASONS.unexpectedSettleError,
    errorMessage: "The transaction is not confirmed yet",
  };
  let status: Awaited<ReturnType<typeof readSignatureStatus>>;
  try {
    status = await readSignatureStatus(rpc, signature, timeoutMs);
  } catch {
    return pending;
  }
  if (!status) return undefined;
  if (status.confirmationStatus === "processed") return pending;
  if (status.err !== null) {
    const { amount: _, ...rest } = fields;
    return {
      ...rest,
      success: false,
      transaction: signature,
      errorReason: X402_REASONS.svmTransactionFailed,
      errorMessage: `The transaction failed: ${describeError(status.err)}`,
    };
  }
  return { ...fields, success: true, transaction: signature };
}
