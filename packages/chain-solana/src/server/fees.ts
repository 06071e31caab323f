import { isPaymuxError, NATIVE_SOL, type Offer, X402_REASONS } from "@paymux/core";
import { SPL_TOKEN_PROGRAM } from "../constants.js";
import { readMint, type TransferFee } from "../mint.js";
import type { SolanaRpc } from "../rpc.js";
import { type ExactFailure, fail } from "./rules.js";

/** Why a mint with a transfer fee cannot be a price: the recipient is credited the price minus the fee. */
export function transferFeeMessage(fee: TransferFee): string {
  return `The mint withholds a transfer fee (${fee.basisPoints} bps, up to ${fee.maximumFee} units): the recipient would receive less than the price`;
}

/**
 * Refuses a payment in a Token-2022 mint that charges (or has scheduled) a transfer fee. Offers for such
 * mints are refused at creation, but an offer may predate the fee or come from another source (a facilitator
 * request), so verification reads the mint again. The classic SPL Token program has no fees: no RPC then.
 */
export async function checkTransferFee(rpc: SolanaRpc, offer: Offer): Promise<ExactFailure | undefined> {
  if (offer.asset === NATIVE_SOL || offer.extra["tokenProgram"] === SPL_TOKEN_PROGRAM) return undefined;
  try {
    const { transferFee } = await readMint(rpc, offer.asset);
    return transferFee
      ? fail(X402_REASONS.invalidPaymentRequirements, transferFeeMessage(transferFee))
      : undefined;
  } catch (error) {
    // Not a mint at all: the transfer checks and the chain refuse that with their own reasons.
    if (isPaymuxError(error, "ASSET_UNKNOWN")) return undefined;
    return fail(X402_REASONS.unexpectedVerifyError, "The mint could not be read");
  }
}
