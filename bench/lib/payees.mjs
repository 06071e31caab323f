// The payees of a benchmarked server, rebuilt from the JSON description of lib/chains.mjs: the same schemes
// @paymux/local configures (exact + push on both chains), reaching the chains over loopback HTTP.
import { exactEvmPayee, pushEvmPayee } from "@paymux/chain-evm/server";
import { exactSolanaPayee, pushSolanaPayee } from "@paymux/chain-solana/server";
import { createKeyPairSignerFromPrivateKeyBytes, createSolanaRpc } from "@solana/kit";
import { createPublicClient, defineChain, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";

/** A viem public client for the local anvil, with the bench's explicit polling interval. */
export function evmClient(config) {
  const { evm, pollingIntervalMs } = config;
  const chain = defineChain({
    id: evm.chainId,
    name: `Local EVM ${evm.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [evm.rpcUrl] } },
    testnet: true,
  });
  return createPublicClient({ chain, transport: http(evm.rpcUrl), pollingInterval: pollingIntervalMs });
}

/**
 * Payees for `config`. `simulate: false` turns off the EVM exact payee's `eth_call` simulation (its pure part);
 * `solanaRpc` replaces the Solana RPC (a replaying stub for the pure part of Solana verification).
 */
export async function createPayees(config, { simulate = true, solanaRpc } = {}) {
  const { evm, solana, assets, pollingIntervalMs } = config;
  const clients = { [evm.caip2]: evmClient(config) };
  const rpc = { [solana.caip2]: solanaRpc ?? createSolanaRpc(solana.rpcUrl) };
  const seed = Uint8Array.from(Buffer.from(solana.feePayerSeed, "hex"));
  const feePayer = await createKeyPairSignerFromPrivateKeyBytes(seed);
  return [
    exactEvmPayee({ clients, settler: privateKeyToAccount(evm.settlerKey), assets, simulate }),
    pushEvmPayee({ clients, assets }),
    exactSolanaPayee({ rpc, feePayer, assets, intervalMs: pollingIntervalMs }),
    pushSolanaPayee({ rpc, assets }),
  ];
}

/** `createPaymentServer` / adapter options over those payees. */
export async function serverOptions(config, overrides = {}) {
  return {
    payees: await createPayees(config),
    payTo: config.payTo,
    networks: config.networks,
    assets: config.assets,
    // Fixed, so a profile or a memory figure does not depend on a random per-process secret's length.
    secret: "paymux-bench-secret-paymux-bench-secret",
    ...overrides,
  };
}
