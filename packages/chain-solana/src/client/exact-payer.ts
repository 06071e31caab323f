import {
  type CreatedPayload,
  type Offer,
  type PaymentContext,
  PaymuxError,
  type SchemePayer,
  X402_REASONS,
} from "@paymux/core";
import {
  type Address,
  appendTransactionMessageInstructions,
  type Blockhash,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  type Instruction,
  partiallySignTransactionMessageWithSigners,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type TransactionPartialSigner,
} from "@solana/kit";
import {
  getSetComputeUnitLimitInstruction,
  getSetComputeUnitPriceInstruction,
} from "@solana-program/compute-budget";
import { getAddMemoInstruction } from "@solana-program/memo";
import { DEFAULT_COMPUTE_UNIT_LIMIT, DEFAULT_COMPUTE_UNIT_PRICE, MEMO_PROGRAM } from "../constants.js";
import { requireRpc, rpcNetworks, type SolanaRpc, type SolanaRpcs } from "../rpc.js";
import { type SolanaSignerSource, toSolanaSigner } from "./signer.js";
import { offerMemo, paymentInstruction } from "./transfer.js";

/** Options of {@link exactSolanaPayer}. */
export type ExactSolanaPayerParameters = {
  /** The paying wallet: a kit signer, a web3.js 1.x Keypair or 64 secret key bytes. */
  signer: SolanaSignerSource;
  /** A kit RPC for every network, or one per CAIP-2 id (reads the mint and the latest blockhash). */
  rpc: SolanaRpcs;
  /** Compute-unit limit (default 20,000). */
  computeUnitLimit?: number;
  /** Compute-unit price in microlamports (default 1). */
  computeUnitPrice?: bigint;
};

/** Return type of {@link exactSolanaPayer}. */
export type ExactSolanaPayerReturnType = SchemePayer;

/**
 * Payer of `exact` on Solana. x402 form (and IETF `solana` pull with `feePayer`): a v0 transaction whose
 * fee payer is the server's `extra.feePayer`, signed only by the transfer authority (x402.md §5.2). IETF pull
 * without a fee payer: the payer pays the fee and signs fully; `"sol"` is paid with a System transfer.
 */
export function exactSolanaPayer(parameters: ExactSolanaPayerParameters): ExactSolanaPayerReturnType {
  let signer: Promise<TransactionPartialSigner> | undefined;
  return {
    scheme: "exact",
    networks: rpcNetworks(parameters.rpc),
    async createPayload(offer: Offer, context: PaymentContext): Promise<CreatedPayload> {
      signer ??= toSolanaSigner(parameters.signer);
      const wallet = await signer;
      const rpc = requireRpc(parameters.rpc, offer.network);
      const feePayer = typeof offer.extra["feePayer"] === "string" ? offer.extra["feePayer"] : undefined;
      const ietf = context.dialect === "payment-auth";
      if (!feePayer && !ietf) {
        throw new PaymuxError("CHALLENGE_INVALID", "An x402 `exact` Solana offer must name extra.feePayer", {
          reason: X402_REASONS.svmFeePayerMissing,
        });
      }
      const instructions: Instruction[] = [
        getSetComputeUnitLimitInstruction({
          units: parameters.computeUnitLimit ?? DEFAULT_COMPUTE_UNIT_LIMIT,
        }),
        getSetComputeUnitPriceInstruction({
          microLamports: parameters.computeUnitPrice ?? DEFAULT_COMPUTE_UNIT_PRICE,
        }),
        await paymentInstruction(rpc, wallet, offer),
      ];
      // x402 wants a memo so identical payments still make distinct transactions; IETF servers (@solana/mpp)
      // allow only the externalId memo, so none is invented there.
      const memo = offerMemo(offer) ?? (ietf ? undefined : randomMemo());
      if (memo !== undefined)
        instructions.push(getAddMemoInstruction({ memo }, { programAddress: MEMO_PROGRAM }));
      const lifetime = await blockhash(rpc, offer);
      const base = pipe(createTransactionMessage({ version: 0 }), (m) =>
        setTransactionMessageLifetimeUsingBlockhash(lifetime, m),
      );
      const transaction = feePayer
        ? await partiallySignTransactionMessageWithSigners(
            appendTransactionMessageInstructions(
              instructions,
              setTransactionMessageFeePayer(feePayer as Address, base),
            ),
          )
        : await signTransactionMessageWithSigners(
            appendTransactionMessageInstructions(
              instructions,
              setTransactionMessageFeePayerSigner(wallet, base),
            ),
          );
      return {
        payload: { transaction: getBase64EncodedWireTransaction(transaction) },
        payer: wallet.address,
      };
    },
  };
}

async function blockhash(
  rpc: SolanaRpc,
  offer: Offer,
): Promise<{ blockhash: Blockhash; lastValidBlockHeight: bigint }> {
  const given = offer.extra["recentBlockhash"];
  // The height is only a client-side hint for confirmation; a blockhash from the challenge comes without one.
  if (typeof given === "string") return { blockhash: given as Blockhash, lastValidBlockHeight: 0n };
  const { value } = await rpc.getLatestBlockhash({ commitment: "confirmed" }).send();
  return value;
}

function randomMemo(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
