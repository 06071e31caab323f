import { type Offer, type Payment, PaymuxError, X402_REASONS } from "@paymux/core";
import type { Address } from "@solana/kit";
import { associatedTokenAddress } from "../ata.js";
import { LIGHTHOUSE_PROGRAM, MEMO_PROGRAM } from "../constants.js";
import { type DecodedTransaction, decodeWireTransaction } from "../wire.js";
import {
  type ResolvedInstruction,
  readComputeUnitLimit,
  readComputeUnitPrice,
  readMemo,
  readSystemTransfer,
  readTransferChecked,
  resolveInstructions,
} from "./instructions.js";
import { readTransactionPayload } from "./payload.js";
import {
  checkCompute,
  checkMemo,
  checkSignatures,
  checkTransferChecked,
  type ExactFailure,
  fail,
  type LegCheck,
} from "./rules.js";

/** Limits of {@link checkExactPayment}. */
export type ExactCheckOptions = {
  /** The payee's fee payer; undefined when this payee does not sponsor (the client pays the fee). */
  feePayer: Address | undefined;
  maxComputeUnitPrice: bigint;
  maxComputeUnitLimit: number;
};

/** Outcome of the checks that need no RPC. */
export type ExactCheck =
  | {
      valid: true;
      payer: Address;
      decoded: DecodedTransaction;
      sponsored: boolean;
      /** The account credited (the recipient's token account, or the recipient for SOL). */
      destination: Address;
    }
  | ExactFailure;

// Fee payer + transfer authority. Every extra signature is 5,000 lamports more on the sponsor's bill.
const MAX_SIGNERS = 2;

/**
 * Every rule of x402.md §5.3 plus the 2.27 hardening that needs no RPC, against the server's own offer:
 * layout, compute caps, the transfer's mint / destination / exact amount, fee-payer isolation, memo, and a
 * local ed25519 check of each client signature. Without a sponsor (IETF pull, client pays), the IETF
 * allowlist of payment-auth.md §6 applies instead of the fixed layout.
 */
export async function checkExactPayment(
  payment: Payment,
  offer: Offer,
  options: ExactCheckOptions,
): Promise<ExactCheck> {
  if (payment.scheme !== "exact" || offer.scheme !== "exact") {
    return fail(X402_REASONS.unsupportedScheme, "Not an `exact` payment");
  }
  if (payment.network !== offer.network) {
    return fail(X402_REASONS.invalidNetwork, "The payment is for another network than the offer");
  }
  const offered = offer.extra["feePayer"];
  if (offered === undefined && payment.dialect !== "payment-auth") {
    return fail(X402_REASONS.svmFeePayerMissing, "The offer names no fee payer");
  }
  if (offered !== undefined && (options.feePayer === undefined || offered !== options.feePayer)) {
    return fail(X402_REASONS.svmFeePayerNotManaged, "The offer's fee payer is not this payee's");
  }
  let decoded: DecodedTransaction;
  try {
    decoded = decodeWireTransaction(readTransactionPayload(payment));
  } catch {
    return fail(X402_REASONS.svmUndecodable, "The transaction could not be decoded");
  }
  const { message } = decoded;
  if (message.version !== 0 && message.version !== "legacy") {
    return fail(X402_REASONS.svmUndecodable, "Only legacy and v0 transactions are accepted");
  }
  // Lookup tables could hide accounts from the fee-payer scan below; a payment never needs one.
  if ("addressTableLookups" in message && (message.addressTableLookups?.length ?? 0) > 0) {
    return fail(X402_REASONS.svmUndecodable, "Address lookup tables are not accepted");
  }
  const instructions = resolveInstructions(message);
  if (!instructions) return fail(X402_REASONS.svmUndecodable, "An instruction references a missing account");
  if (message.header.numSignerAccounts > MAX_SIGNERS) {
    return fail(X402_REASONS.svmExcessiveSigners, "The transaction requires more than two signatures");
  }
  const result =
    offered === undefined
      ? await checkSelfPaid(instructions, offer, options)
      : await checkSponsored(instructions, offer, options, offered as Address, message.staticAccounts);
  if (!result.valid) return result;
  const signatures = await checkSignatures(decoded, offered === undefined ? 0 : 1);
  if (signatures) return { ...signatures, payer: result.payer };
  return {
    valid: true,
    payer: result.payer,
    destination: result.destination,
    decoded,
    sponsored: offered !== undefined,
  };
}

async function checkSponsored(
  ixs: ResolvedInstruction[],
  offer: Offer,
  options: ExactCheckOptions,
  feePayer: Address,
  staticAccounts: readonly Address[],
): Promise<LegCheck> {
  if (staticAccounts[0] !== feePayer) {
    return fail(X402_REASONS.svmFeePayerMismatch, "The transaction's fee payer is not the offer's");
  }
  if (ixs.length < 3 || ixs.length > 7) {
    return fail(X402_REASONS.svmInstructionsLength, "A payment has 3 to 7 instructions");
  }
  const [limitIx, priceIx, transferIx] = ixs as [
    ResolvedInstruction,
    ResolvedInstruction,
    ResolvedInstruction,
  ];
  const rest = ixs.slice(3);
  const compute = checkCompute(limitIx, priceIx, options);
  if (compute) return compute;
  const transfer = readTransferChecked(transferIx);
  if (!transfer) return fail(X402_REASONS.svmNoTransfer, "The third instruction is not a TransferChecked");
  // The sponsor must sign nothing but the fee: not as authority, not as source, not in any instruction.
  if (ixs.some((ix) => ix.accounts.includes(feePayer))) {
    return fail(
      X402_REASONS.svmFeePayerTransferring,
      "The fee payer appears in an instruction's accounts",
      transfer.authority,
    );
  }
  // A delegate could move the sponsor's own tokens without the sponsor in any account list.
  if (transfer.source === (await associatedTokenAddress(feePayer, transfer.mint, transfer.program))) {
    return fail(
      X402_REASONS.svmFeePayerTransferring,
      "The source is the fee payer's token account",
      transfer.authority,
    );
  }
  const leg = await checkTransferChecked(transfer, offer);
  if (leg) return leg;
  for (const ix of rest) {
    if (ix.program !== MEMO_PROGRAM && ix.program !== LIGHTHOUSE_PROGRAM) {
      return fail(X402_REASONS.svmUnknownInstruction, "Only Memo and Lighthouse may follow the transfer");
    }
  }
  const memo = checkMemo(rest, offer);
  if (memo) return memo;
  return { valid: true, payer: transfer.authority, destination: transfer.destination };
}

async function checkSelfPaid(
  ixs: ResolvedInstruction[],
  offer: Offer,
  options: ExactCheckOptions,
): Promise<LegCheck> {
  let limit = 0;
  let price = 0;
  let payer: Address | undefined;
  let destination: Address | undefined;
  const memos: ResolvedInstruction[] = [];
  for (const ix of ixs) {
    const units = readComputeUnitLimit(ix);
    const microLamports = readComputeUnitPrice(ix);
    if (units !== undefined && limit++ === 0) {
      if (units > options.maxComputeUnitLimit)
        return fail(X402_REASONS.svmComputeLimitTooHigh, "Compute-unit limit above the cap");
      continue;
    }
    if (microLamports !== undefined && price++ === 0) {
      if (microLamports > options.maxComputeUnitPrice)
        return fail(X402_REASONS.svmComputePriceTooHigh, "Compute-unit price above the cap");
      continue;
    }
    if (readMemo(ix) !== undefined) {
      memos.push(ix);
      continue;
    }
    if (payer === undefined && offer.asset === "sol") {
      const transfer = readSystemTransfer(ix);
      if (transfer) {
        if (transfer.destination !== offer.payTo)
          return fail(X402_REASONS.svmRecipientMismatch, "The transfer pays someone else", transfer.source);
        if (transfer.lamports !== offer.amount)
          return fail(X402_REASONS.svmAmountMismatch, "The amount differs from the offer's", transfer.source);
        payer = transfer.source;
        destination = transfer.destination;
        continue;
      }
    }
    if (payer === undefined && offer.asset !== "sol") {
      const transfer = readTransferChecked(ix);
      if (transfer) {
        const leg = await checkTransferChecked(transfer, offer);
        if (leg) return leg;
        payer = transfer.authority;
        destination = transfer.destination;
        continue;
      }
    }
    return fail(
      X402_REASONS.svmUnknownInstruction,
      "The transaction holds an instruction a payment does not need",
    );
  }
  if (payer === undefined || destination === undefined) {
    return fail(X402_REASONS.svmNoTransfer, "The transaction pays nothing");
  }
  const memo = checkMemo(memos, offer);
  if (memo) return { ...memo, payer };
  return { valid: true, payer, destination };
}

/** The transaction of a payment decoded, or a PaymuxError (for replay keys, which cannot report a reason). */
export function decodePaymentTransaction(payment: Payment): DecodedTransaction {
  try {
    return decodeWireTransaction(readTransactionPayload(payment));
  } catch (cause) {
    throw new PaymuxError("CREDENTIAL_MALFORMED", "The Solana transaction could not be decoded", {
      cause,
      reason: X402_REASONS.svmUndecodable,
    });
  }
}
