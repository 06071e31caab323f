import { PaymuxError } from "@paymux/core";
// Sending with @solana/kit over plain HTTP RPC: build, sign, send base64, then poll getSignatureStatuses
// (kit's sendAndConfirmTransactionFactory needs RPC subscriptions, which this RPC does not serve).
import {
  appendTransactionMessageInstructions,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  type Instruction,
  pipe,
  type Rpc,
  type Signature,
  type SolanaRpcApi,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type TransactionSigner,
} from "@solana/kit";

/** Options of {@link waitForSignature}. */
export interface WaitForSignatureParameters {
  /** Give up after this long (default 30 s). */
  readonly timeoutMs?: number;
  /** Delay between polls (default 20 ms; the local chain confirms at once). */
  readonly intervalMs?: number;
}

/** Polls getSignatureStatuses until the transaction is confirmed; throws if it failed or never lands. */
export async function waitForSignature(
  rpc: Rpc<SolanaRpcApi>,
  signature: Signature,
  parameters: WaitForSignatureParameters = {},
): Promise<void> {
  const deadline = Date.now() + (parameters.timeoutMs ?? 30_000);
  for (;;) {
    const { value } = await rpc.getSignatureStatuses([signature], { searchTransactionHistory: true }).send();
    const status = value[0];
    if (status !== null && status !== undefined && status.confirmationStatus !== "processed") {
      if (status.err !== null) {
        throw new PaymuxError(
          "CHAIN_ERROR",
          `Transaction ${signature} failed: ${JSON.stringify(status.err, (_k, v) => (typeof v === "bigint" ? Number(v) : v))}`,
        );
      }
      return;
    }
    if (Date.now() > deadline)
      throw new PaymuxError("CHAIN_ERROR", `Transaction ${signature} was not confirmed in time`);
    await new Promise((resolve) => setTimeout(resolve, parameters.intervalMs ?? 20));
  }
}

/** Options of {@link sendInstructions}. */
export interface SendInstructionsParameters extends WaitForSignatureParameters {
  /** Skip the RPC's preflight simulation. */
  readonly skipPreflight?: boolean;
}

/** Builds a v0 transaction from instructions, signs it with every signer involved, sends and confirms it. */
export async function sendInstructions(
  rpc: Rpc<SolanaRpcApi>,
  instructions: readonly Instruction[],
  feePayer: TransactionSigner,
  parameters: SendInstructionsParameters = {},
): Promise<Signature> {
  const { value: lifetime } = await rpc.getLatestBlockhash().send();
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(feePayer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(lifetime, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
  const signed = await signTransactionMessageWithSigners(message);
  const signature = await rpc
    .sendTransaction(getBase64EncodedWireTransaction(signed), {
      encoding: "base64",
      skipPreflight: parameters.skipPreflight ?? false,
    })
    .send();
  await waitForSignature(rpc, signature, parameters);
  return signature;
}
