import { type Offer, type PaymentContext, type Receipt, X402_REASONS } from "@paymux/core";
import type { Address, Hash, TransactionReceipt } from "viem";
import { waitForTransactionReceipt, writeContract } from "viem/actions";
import { eip3009Abi } from "../abi.js";
import type { Eip3009Domain } from "../eip3009.js";
import type { NetworkConnection, NetworkSettler } from "./clients.js";
import { diagnose, isRevert, reasonFromRevert, transferArgs } from "./diagnose.js";
import type { ExactPayload } from "./payload.js";
import { onChainSignature } from "./signature.js";
import { hasTransfer } from "./transfers.js";

/** What settling one verified authorization needs. */
export type SettleExactInput = {
  offer: Offer;
  context: PaymentContext;
  connection: NetworkConnection;
  settler: NetworkSettler;
  payload: ExactPayload;
  domain: Eip3009Domain;
  asset: Address;
  /** Runs the send step under the settler's per-network queue. */
  queue: <T>(key: string, send: () => Promise<T>) => Promise<T>;
  receiptTimeoutMs: number;
};

/**
 * Sends `transferWithAuthorization` from the settler, waits for the receipt and checks the `Transfer` log.
 * viem estimates gas before sending, so a transfer that would revert (used nonce, expiry, balance) is
 * refused without spending gas; a revert that still happens on chain (a concurrent duplicate) is read back.
 * On-chain failures become `success: false` receipts, never exceptions.
 */
export async function settleExact(input: SettleExactInput): Promise<Receipt> {
  const { offer, connection, settler, payload, asset } = input;
  const { authorization } = payload;
  const base = receiptBase(input);
  let hash: Hash;
  try {
    hash = await input.queue(`${connection.network}:${settler.address}`, () =>
      writeContract(settler.client, {
        address: asset,
        abi: eip3009Abi,
        functionName: "transferWithAuthorization",
        args: transferArgs(authorization, onChainSignature(payload.signature)),
        account: settler.account,
        chain: settler.client.chain ?? null,
      }),
    );
  } catch (error) {
    if (!isRevert(error)) {
      return {
        ...base,
        success: false,
        errorReason: X402_REASONS.unexpectedSettleError,
        errorMessage: "Sending failed",
      };
    }
    const failure =
      reasonFromRevert(error) ??
      (await diagnose(connection.client, asset, input.domain, authorization, error));
    return { ...base, success: false, errorReason: failure.reason, errorMessage: failure.message };
  }
  let receipt: TransactionReceipt;
  try {
    receipt = await waitForTransactionReceipt(connection.client, { hash, timeout: input.receiptTimeoutMs });
  } catch {
    // The transaction may still land: report its hash so the caller can reconcile instead of retrying blind.
    return {
      ...base,
      success: false,
      transaction: hash,
      errorReason: X402_REASONS.unexpectedSettleError,
      errorMessage: "No receipt before the timeout",
    };
  }
  if (receipt.status !== "success") {
    const failure = await diagnose(connection.client, asset, input.domain, authorization, undefined);
    const reason =
      failure.reason === X402_REASONS.evmSimulationFailed
        ? X402_REASONS.evmTransactionFailed
        : failure.reason;
    return { ...base, success: false, transaction: hash, errorReason: reason, errorMessage: failure.message };
  }
  if (!hasTransfer(receipt, asset, authorization.from, authorization.to, authorization.value)) {
    return {
      ...base,
      success: false,
      transaction: hash,
      errorReason: X402_REASONS.evmTransferEventMismatch,
      errorMessage: "The transaction succeeded without the expected Transfer event",
    };
  }
  return { ...base, success: true, transaction: hash, amount: offer.amount };
}

function receiptBase(input: SettleExactInput): Receipt {
  const challenge = input.context.challenge;
  return {
    success: false,
    transaction: "",
    network: input.offer.network,
    payer: input.payload.authorization.from,
    ...(challenge === undefined ? {} : { challengeId: challenge.id }),
    ...(challenge?.externalId === undefined ? {} : { externalId: challenge.externalId }),
  };
}
