// Fresh local chains for one suite: anvil with the test USDC and the LiteSVM Solana RPC (served over HTTP from
// this process), plus a description a server child can rebuild its own payees from. A fresh chain per suite
// because anvil slows down as its chain grows (shared/toolchain.md).
import { startLocalPayments } from "@paymux/local";
import { createKeyPairSignerFromPrivateKeyBytes } from "@solana/kit";

/** Receipt and signature polling interval of every client the bench builds, set explicitly (viem's default
 * on a local chain is 4 s, which would dominate every EVM settlement). */
export const POLLING_INTERVAL_MS = 20;

/** SOL for the server's Solana fee payer: 1,000 SOL, far more than any run spends on fees. */
const FEE_PAYER_LAMPORTS = 1_000_000_000_000n;

const hex = (bytes) => Buffer.from(bytes).toString("hex");

/**
 * Starts the local chains. `server` is JSON for a server child: the payees' RPC URLs and keys. The keys are
 * throwaway test keys of chains that live as long as this process; they travel in a child's environment only.
 */
export async function startChains() {
  const local = await startLocalPayments();
  try {
    const { evm, solana } = local;
    if (!evm || !solana) throw new Error("the bench needs both local chains");
    // @paymux/local's own Solana fee payer key cannot be exported, so the server child gets one of its own.
    const seed = crypto.getRandomValues(new Uint8Array(32));
    const feePayer = await createKeyPairSignerFromPrivateKeyBytes(seed);
    await solana.airdrop(feePayer.address, FEE_PAYER_LAMPORTS);
    const server = {
      payTo: local.payTo,
      networks: local.networks,
      assets: local.assets,
      pollingIntervalMs: POLLING_INTERVAL_MS,
      evm: {
        caip2: evm.caip2,
        chainId: evm.chainId,
        rpcUrl: evm.rpcUrl,
        // anvil dev account #1, as in @paymux/local; the bench's own chain-op baselines send from #3.
        settlerKey: evm.settler.privateKey,
      },
      solana: { caip2: solana.caip2, rpcUrl: solana.url, feePayerSeed: hex(seed) },
    };
    return { local, server, stop: () => local.stop() };
  } catch (error) {
    await local.stop();
    throw error;
  }
}
