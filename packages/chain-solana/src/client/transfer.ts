import { type Offer, PaymuxError } from "@paymux/core";
import type { Address, Instruction, TransactionSigner } from "@solana/kit";
import { getTransferSolInstruction } from "@solana-program/system";
import { getTransferCheckedInstruction } from "@solana-program/token";
import { associatedTokenAddress } from "../ata.js";
import { readMint } from "../mint.js";
import type { SolanaRpc } from "../rpc.js";

/**
 * The instruction that pays `offer` from `signer`: a System transfer for native SOL, otherwise a
 * TransferChecked between the associated token accounts. The mint is read from the chain (x402 §5.2), and
 * `decimals`/`tokenProgram` hints in the offer must agree with it: a client fails closed rather than trusting
 * a challenge about which program owns a mint.
 */
export async function paymentInstruction(
  rpc: SolanaRpc,
  signer: TransactionSigner,
  offer: Offer,
): Promise<Instruction> {
  if (offer.amount <= 0n) throw new PaymuxError("AMOUNT_INVALID", "The offer's amount is not positive");
  if (offer.asset === "sol") {
    return getTransferSolInstruction({
      source: signer,
      destination: offer.payTo as Address,
      amount: offer.amount,
    });
  }
  const mint = await readMint(rpc, offer.asset);
  const { decimals, tokenProgram } = offer.extra;
  if (
    (decimals !== undefined && decimals !== mint.decimals) ||
    (tokenProgram !== undefined && tokenProgram !== mint.tokenProgram)
  ) {
    throw new PaymuxError("CHALLENGE_INVALID", "The offer's decimals or token program contradict the mint", {
      context: { mint: offer.asset },
    });
  }
  const [source, destination] = await Promise.all([
    associatedTokenAddress(signer.address, offer.asset, mint.tokenProgram),
    associatedTokenAddress(offer.payTo, offer.asset, mint.tokenProgram),
  ]);
  return getTransferCheckedInstruction(
    {
      source,
      mint: offer.asset as Address,
      destination,
      authority: signer,
      amount: offer.amount,
      decimals: mint.decimals,
    },
    { programAddress: mint.tokenProgram },
  );
}

/** The offer's `extra.memo` when it is a string. */
export function offerMemo(offer: Offer): string | undefined {
  const memo = offer.extra["memo"];
  return typeof memo === "string" ? memo : undefined;
}
