import type { Rpc, Signature, SolanaRpcApi } from "@solana/kit";

/** How a confirmation wait ended. */
export type ConfirmationOutcome =
  | { status: "confirmed" }
  | { status: "failed"; err: unknown }
  | { status: "timeout" };

/** Options of {@link waitForConfirmation}. */
export type WaitForConfirmationParameters = {
  /** Give up after this long (default 30,000 ms, as the x402 reference's 30 × 1 s). */
  timeoutMs?: number;
  /** Delay between polls (default 500 ms). */
  intervalMs?: number;
};

/**
 * Polls getSignatureStatuses until `confirmed`/`finalized`. Polling, not subscriptions, because many RPCs
 * (and paymux's local one) serve no WebSocket.
 */
export async function waitForConfirmation(
  rpc: Rpc<SolanaRpcApi>,
  signature: Signature,
  parameters: WaitForConfirmationParameters = {},
): Promise<ConfirmationOutcome> {
  const deadline = Date.now() + (parameters.timeoutMs ?? 30_000);
  for (;;) {
    let status: Awaited<ReturnType<typeof readSignatureStatus>> | undefined;
    try {
      // Each poll is bounded by the wait's own deadline, so a hung RPC cannot stretch it.
      status = await readSignatureStatus(rpc, signature, Math.max(1, deadline - Date.now()));
    } catch {
      // One failed poll says nothing about the transaction: poll on until the deadline.
      status = undefined;
    }
    if (status && status.confirmationStatus !== "processed") {
      return status.err === null ? { status: "confirmed" } : { status: "failed", err: status.err };
    }
    if (Date.now() >= deadline) return { status: "timeout" };
    await new Promise((resolve) => setTimeout(resolve, parameters.intervalMs ?? 500));
  }
}

/** The cluster's status of `signature` (history searched), null when unknown; the call is bounded by `timeoutMs`. */
export async function readSignatureStatus(rpc: Rpc<SolanaRpcApi>, signature: Signature, timeoutMs: number) {
  const { value } = await rpc
    .getSignatureStatuses([signature], { searchTransactionHistory: true })
    .send({ abortSignal: AbortSignal.timeout(timeoutMs) });
  return value[0];
}

/** JSON of a chain error for messages (bigints as numbers). */
export function describeError(err: unknown): string {
  return JSON.stringify(err, (_key, value) => (typeof value === "bigint" ? Number(value) : value)) ?? "";
}
