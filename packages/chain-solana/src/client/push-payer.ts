import {
  type CreatedPayload,
  type Offer,
  type PaymentContext,
  PaymuxError,
  type SchemePayer,
} from "@paymux/core";
import {
  appendTransactionMessageInstructions,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  type Instruction,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type TransactionPartialSigner,
} from "@solana/kit";
import { getAddMemoInstruction } from "@solana-program/memo";
import { describeError, type WaitForConfirmationParameters, waitForConfirmation } from "../confirm.js";
import { MEMO_PROGRAM } from "../constants.js";
import { requireRpc, rpcNetworks, type SolanaRpcs } from "../rpc.js";
import { type SolanaSignerSource, toSolanaSigner } from "./signer.js";
import { offerMemo, paymentInstruction } from "./transfer.js";

/** Options of {@link pushSolanaPayer}. */
export type PushSolanaPayerParameters = WaitForConfirmationParameters & {
  /** The paying wallet (also the fee payer): a kit signer, a web3.js 1.x Keypair or 64 secret key bytes. */
  signer: SolanaSignerSource;
  /** A kit RPC for every network, or one per CAIP-2 id. */
  rpc: SolanaRpcs;
};

/** Return type of {@link pushSolanaPayer}. */
export type PushSolanaPayerReturnType = SchemePayer;

/**
 * Payer of `push` on Solana (IETF `solana` credential type `signature`, and the legacy Payment-Request
 * dialect): sends the SOL or SPL transfer itself, waits for `confirmed`, and hands over the signature. A Memo
 * binds the transfer to the challenge (IETF: the challenge id) so it cannot be presented for another one.
 */
export function pushSolanaPayer(parameters: PushSolanaPayerParameters): PushSolanaPayerReturnType {
  let signer: Promise<TransactionPartialSigner> | undefined;
  return {
    scheme: "push",
    networks: rpcNetworks(parameters.rpc),
    async createPayload(offer: Offer, context: PaymentContext): Promise<CreatedPayload> {
      signer ??= toSolanaSigner(parameters.signer);
      const wallet = await signer;
      const rpc = requireRpc(parameters.rpc, offer.network);
      const instructions: Instruction[] = [await paymentInstruction(rpc, wallet, offer)];
      const memos = new Set<string>();
      if (context.dialect === "payment-auth" && context.challenge) memos.add(context.challenge.id);
      const memo = offerMemo(offer);
      if (memo !== undefined) memos.add(memo);
      for (const text of memos)
        instructions.push(getAddMemoInstruction({ memo: text }, { programAddress: MEMO_PROGRAM }));
      const { value: lifetime } = await rpc.getLatestBlockhash({ commitment: "confirmed" }).send();
      const transaction = await signTransactionMessageWithSigners(
        pipe(
          createTransactionMessage({ version: 0 }),
          (m) => setTransactionMessageFeePayerSigner(wallet, m),
          (m) => setTransactionMessageLifetimeUsingBlockhash(lifetime, m),
          (m) => appendTransactionMessageInstructions(instructions, m),
        ),
      );
      const signature = getSignatureFromTransaction(transaction);
      await rpc
        .sendTransaction(getBase64EncodedWireTransaction(transaction), {
          encoding: "base64",
          preflightCommitment: "confirmed",
        })
        .send();
      // The server reads the transaction at `confirmed`; presenting it earlier would only fail there.
      const outcome = await waitForConfirmation(rpc, signature, parameters);
      if (outcome.status !== "confirmed") {
        throw new PaymuxError(
          "CHAIN_ERROR",
          outcome.status === "failed"
            ? `The payment transaction failed: ${describeError(outcome.err)}`
            : "The payment transaction was not confirmed in time",
          { context: { signature } },
        );
      }
      return { payload: { signature }, payer: wallet.address };
    },
  };
}
