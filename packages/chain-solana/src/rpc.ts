import { PaymuxError } from "@paymux/core";
import type { Rpc, SolanaRpcApi } from "@solana/kit";

/** A kit Solana RPC. */
export type SolanaRpc = Rpc<SolanaRpcApi>;

/** One RPC for every Solana network, or one per CAIP-2 network id. */
export type SolanaRpcs = SolanaRpc | Readonly<Record<string, SolanaRpc>>;

// A kit Rpc is a Proxy that answers every method name with a function; a plain map of RPCs does not.
function isRpc(value: SolanaRpcs): value is SolanaRpc {
  return typeof (value as { getLatestBlockhash?: unknown }).getLatestBlockhash === "function";
}

/** The networks a role serves: `solana:*` for a single RPC, otherwise the map's keys. */
export function rpcNetworks(rpcs: SolanaRpcs): string[] {
  return isRpc(rpcs) ? ["solana:*"] : Object.keys(rpcs);
}

/** The RPC of `network`, or undefined when none is configured. */
export function findRpc(rpcs: SolanaRpcs, network: string): SolanaRpc | undefined {
  return isRpc(rpcs) ? rpcs : rpcs[network];
}

/** The RPC of `network`; throws CONFIG_INVALID when none is configured. */
export function requireRpc(rpcs: SolanaRpcs, network: string): SolanaRpc {
  const rpc = findRpc(rpcs, network);
  if (!rpc) {
    throw new PaymuxError("CONFIG_INVALID", "No Solana RPC is configured for this network", {
      context: { network },
    });
  }
  return rpc;
}
