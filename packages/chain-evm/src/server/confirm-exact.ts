import { type Offer, type Payment, type PaymentContext, type Receipt, X402_REASONS } from "@paymux/core";
import {
  type Address,
  type Hash,
  isHash,
  TransactionNotFoundError,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
} from "viem";
import { getBlockNumber, getContractEvents, getTransaction, getTransactionReceipt } from "viem/actions";
import { eip3009Abi } from "../abi.js";
import type { NetworkConnection } from "./clients.js";
import { readExactPayload } from "./payload.js";
import { hasTransfer } from "./transfers.js";

/** How far back {@link confirmExact} looks for the authorization's use when it has no transaction hash. */
export const CONFIRM_LOOKBACK_BLOCKS = 5_000n;

/**
 * The outcome of a `transferWithAuthorization` sent earlier whose receipt was never seen (settle timed out, the
 * server restarted mid-send). The transaction is the one given, or else the one that emitted the token's
 * `AuthorizationUsed(from, nonce)` (found even when the send's answer was lost). Success needs the transfer the
 * *offer* asks for in that receipt, as at settlement. Undefined when the chain shows no use of the authorization,
 * so the caller may send it again: the token consumes the nonce once, so that can never pay twice.
 */
export async function confirmExact(
  payment: Payment,
  offer: Offer,
  context: PaymentContext,
  connection: NetworkConnection,
  transaction: string | undefined,
): Promise<Receipt | undefined> {
  const { authorization } = readExactPayload(payment);
  const challenge = context.challenge;
  const base: Receipt = {
    success: false,
    transaction: transaction ?? "",
    network: offer.network,
    payer: authorization.from,
    ...(challenge === undefined ? {} : { challengeId: challenge.id }),
    ...(challenge?.externalId === undefined ? {} : { externalId: challenge.externalId }),
  };
  const pending = (hash: string): Receipt => ({
    ...base,
    transaction: hash,
    errorReason: X402_REASONS.unexpectedSettleError,
    errorMessage: "The transaction is not confirmed yet",
  });
  let hash: Hash | undefined = transaction !== undefined && isHash(transaction) ? transaction : undefined;
  let found: Found = "unknown";
  try {
    if (hash !== undefined) found = await lookUp(connection, hash);
    // No hash, or one the node never heard of (dropped, replaced): the authorization may still have been used.
    if (found === "unknown") {
      hash = await findUse(connection, offer.asset as Address, authorization.from, authorization.nonce);
      if (hash === undefined) return undefined;
      found = await lookUp(connection, hash);
    }
  } catch {
    return pending(hash ?? "");
  }
  if (found === "pending" || found === "unknown") return pending(hash ?? "");
  const receipt = found;
  const settled = { ...base, transaction: receipt.transactionHash };
  if (receipt.status !== "success") {
    return {
      ...settled,
      errorReason: X402_REASONS.evmTransactionFailed,
      errorMessage: "The transaction reverted",
    };
  }
  if (
    !hasTransfer(receipt, offer.asset as Address, authorization.from, offer.payTo as Address, offer.amount)
  ) {
    return {
      ...settled,
      errorReason: X402_REASONS.evmTransferEventMismatch,
      errorMessage: "The transaction holds no transfer of the offer's amount to its recipient",
    };
  }
  return { ...settled, success: true, amount: offer.amount };
}

type Found = TransactionReceipt | "pending" | "unknown";

// The receipt of `hash`; "pending" while the node knows the transaction without a receipt (or cannot say),
// "unknown" when it has never seen it.
async function lookUp(connection: NetworkConnection, hash: Hash): Promise<Found> {
  try {
    return await getTransactionReceipt(connection.client, { hash });
  } catch (error) {
    if (!(error instanceof TransactionReceiptNotFoundError)) return "pending";
  }
  try {
    await getTransaction(connection.client, { hash });
    return "pending";
  } catch (error) {
    return error instanceof TransactionNotFoundError ? "unknown" : "pending";
  }
}

// The transaction that consumed (from, nonce) on the token, if any in the look-back window.
async function findUse(
  connection: NetworkConnection,
  asset: Address,
  authorizer: Address,
  nonce: Hash,
): Promise<Hash | undefined> {
  const latest = await getBlockNumber(connection.client, { cacheTime: 0 });
  const events = await getContractEvents(connection.client, {
    address: asset,
    abi: eip3009Abi,
    eventName: "AuthorizationUsed",
    args: { authorizer, nonce },
    fromBlock: latest > CONFIRM_LOOKBACK_BLOCKS ? latest - CONFIRM_LOOKBACK_BLOCKS : 0n,
    toBlock: latest,
  });
  return events[0]?.transactionHash ?? undefined;
}
