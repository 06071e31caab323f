// The rules shared by the sponsored layout and the self-paid allowlist of `exact` verification.
import { type Offer, X402_REASONS } from "@paymux/core";
import { type Address, getPublicKeyFromAddress, type SignatureBytes, verifySignature } from "@solana/kit";
import { associatedTokenAddress } from "../ata.js";
import { MEMO_PROGRAM } from "../constants.js";
import type { DecodedTransaction } from "../wire.js";
import {
  type ResolvedInstruction,
  readComputeUnitLimit,
  readComputeUnitPrice,
  readMemo,
  type TransferChecked,
} from "./instructions.js";

/** A failed check, in VerifyResult form. */
export type ExactFailure = { valid: false; reason: string; message: string; payer?: string };

/** Builds a failed check. */
export const fail = (reason: string, message: string, payer?: string): ExactFailure => ({
  valid: false,
  reason,
  message,
  ...(payer === undefined ? {} : { payer }),
});

/** A transfer leg that passed: who pays, and which account it credits. */
export type LegCheck = { valid: true; payer: Address; destination: Address } | ExactFailure;

/** The two compute-budget instructions of the sponsored layout, against the caps. */
export function checkCompute(
  limitIx: ResolvedInstruction,
  priceIx: ResolvedInstruction,
  options: { maxComputeUnitPrice: bigint; maxComputeUnitLimit: number },
): ExactFailure | undefined {
  const units = readComputeUnitLimit(limitIx);
  if (units === undefined)
    return fail(X402_REASONS.svmComputeLimit, "The first instruction is not SetComputeUnitLimit");
  if (units > options.maxComputeUnitLimit)
    return fail(X402_REASONS.svmComputeLimitTooHigh, "Compute-unit limit above the cap");
  const price = readComputeUnitPrice(priceIx);
  if (price === undefined)
    return fail(X402_REASONS.svmComputePrice, "The second instruction is not SetComputeUnitPrice");
  if (price > options.maxComputeUnitPrice)
    return fail(X402_REASONS.svmComputePriceTooHigh, "Compute-unit price above the cap");
  return undefined;
}

/** A TransferChecked against the offer: mint, token program, destination ATA, exact amount, decimals. */
export async function checkTransferChecked(
  transfer: TransferChecked,
  offer: Offer,
): Promise<ExactFailure | undefined> {
  const payer = transfer.authority;
  if (transfer.mint !== offer.asset)
    return fail(X402_REASONS.svmMintMismatch, "The transfer moves another mint", payer);
  // The offer's token program wins: a transfer through the other program would pay a different ATA.
  const program =
    typeof offer.extra["tokenProgram"] === "string" ? offer.extra["tokenProgram"] : transfer.program;
  if (transfer.program !== program)
    return fail(X402_REASONS.svmMintMismatch, "The transfer uses another token program", payer);
  if (transfer.destination !== (await associatedTokenAddress(offer.payTo, offer.asset, program))) {
    return fail(
      X402_REASONS.svmRecipientMismatch,
      "The destination is not the recipient's token account",
      payer,
    );
  }
  if (transfer.amount !== offer.amount)
    return fail(X402_REASONS.svmAmountMismatch, "The amount differs from the offer's", payer);
  if (typeof offer.extra["decimals"] === "number" && transfer.decimals !== offer.extra["decimals"]) {
    return fail(X402_REASONS.svmAmountMismatch, "The transfer's decimals differ from the mint's", payer);
  }
  return undefined;
}

/** With `extra.memo`, exactly one Memo carrying it (x402 §5.3). */
export function checkMemo(ixs: ResolvedInstruction[], offer: Offer): ExactFailure | undefined {
  const expected = offer.extra["memo"];
  if (typeof expected !== "string") return undefined;
  const memos = ixs.filter((ix) => ix.program === MEMO_PROGRAM);
  if (memos.length !== 1)
    return fail(X402_REASONS.svmMemoCount, "Exactly one memo must carry the offer's memo");
  if (readMemo(memos[0] as ResolvedInstruction) !== expected)
    return fail(X402_REASONS.svmMemoMismatch, "The memo differs from the offer's");
  return undefined;
}

/** Verifies every required signature from index `from` (1 skips the sponsor's empty slot). */
export async function checkSignatures(
  decoded: DecodedTransaction,
  from: number,
): Promise<ExactFailure | undefined> {
  const { message, transaction } = decoded;
  for (let index = from; index < message.header.numSignerAccounts; index++) {
    const address = message.staticAccounts[index] as Address;
    const signature = transaction.signatures[address];
    let ok = false;
    if (signature) {
      try {
        ok = await verifySignature(
          await getPublicKeyFromAddress(address),
          signature as SignatureBytes,
          transaction.messageBytes,
        );
      } catch {
        ok = false;
      }
    }
    if (!ok) return fail(X402_REASONS.svmSignatureInvalid, "A required signature is missing or invalid");
  }
  return undefined;
}
