// Test helpers: every payment travels through core's real codecs (header encode → decode), so the tests
// exercise what a server would receive, not hand-built Payment objects.
import type { AssetInfo } from "@paymux/core";
import {
  createLocalSolana,
  type LocalSolana,
  type StartedLocalSolana,
  startLocalSolana,
} from "@paymux/testing/solana";

import { type Address, createSolanaRpc, type Rpc, type SolanaRpcApi } from "@solana/kit";

export { payLegacy, payPaymentAuth, payX402, withPayload } from "@paymux/testing/payments";
/** The two ways the tests reach the local chain. */
export const TRANSPORTS = ["in-process", "http"] as const;

/** A local chain with the RPC the code under test uses (in-process transport or HTTP). */
export type Chain = { local: LocalSolana; rpc: Rpc<SolanaRpcApi>; close: () => Promise<void> };

/** Starts a local chain reached through `transport`. */
export async function startChain(transport: (typeof TRANSPORTS)[number]): Promise<Chain> {
  if (transport === "in-process") {
    const local = await createLocalSolana();
    return { local, rpc: local.rpc, close: async () => {} };
  }
  const local: StartedLocalSolana = await startLocalSolana();
  return { local, rpc: createSolanaRpc(local.url), close: () => local.close() };
}

/** The fixture USDC and Token-2022 mints as asset entries (they are in no built-in table on localnet). */
export function localAssets(local: LocalSolana): AssetInfo[] {
  return [
    {
      network: local.caip2,
      address: local.usdc.address,
      symbol: "USDC",
      decimals: 6,
      usd: true,
      tokenProgram: local.usdc.tokenProgram,
    },
    {
      network: local.caip2,
      address: local.token2022.address,
      symbol: "PYX",
      decimals: 6,
      usd: false,
      tokenProgram: local.token2022.tokenProgram,
    },
  ];
}

/** Lamports of an account. */
export async function lamports(rpc: Rpc<SolanaRpcApi>, address: Address): Promise<bigint> {
  return (await rpc.getBalance(address, { commitment: "confirmed" }).send()).value;
}
