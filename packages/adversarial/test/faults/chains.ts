// The local chains (from @paymux/local) with the server's view of them behind fault proxies: the same payees
// @paymux/local builds, but reaching their RPC through a proxy URL, with timeouts a production server would set.
import { exactEvmPayee } from "@paymux/chain-evm/server";
import { exactSolanaPayee } from "@paymux/chain-solana/server";
import type { SchemePayee } from "@paymux/core";
import { type LocalPayer, type LocalPayments, startLocalPayments } from "@paymux/local";
import {
  type Address,
  createDefaultRpcTransport,
  createSolanaRpcFromTransport,
  generateKeyPairSigner,
  type RpcTransport,
} from "@solana/kit";
import { createPublicClient, http } from "viem";
import { type HttpFaultProxy, startHttpFaultProxy } from "../proxy/index.js";

/** Options of {@link startFaultChains}. */
export type StartFaultChainsParameters = { evm?: boolean; solana?: boolean };

/** The local chains, a funded payer, and an RPC proxy per chain for the server side. */
export type FaultChains = {
  local: LocalPayments;
  payer: LocalPayer;
  evmProxy?: HttpFaultProxy;
  solanaProxy?: HttpFaultProxy;
  /** The recipient's USDC on `network` (read straight from the chain, never through a proxy). */
  recipientUsdc(network: string): Promise<bigint>;
  /** The payer's USDC on `network`. */
  payerUsdc(network: string): Promise<bigint>;
  close(): Promise<void>;
};

/** Starts the chains (EVM, Solana or both), a payer funded on them, and the RPC proxies. */
export async function startFaultChains(parameters: StartFaultChainsParameters): Promise<FaultChains> {
  const local = await startLocalPayments({
    evm: parameters.evm ?? false,
    solana: parameters.solana ?? false,
  });
  const proxies: HttpFaultProxy[] = [];
  try {
    const payer = await local.createPayer({ usdc: "10", sol: "1", eth: "1" });
    const evmProxy = local.evm ? await startHttpFaultProxy({ target: local.evm.rpcUrl }) : undefined;
    if (evmProxy) proxies.push(evmProxy);
    const solanaProxy = local.solana ? await startHttpFaultProxy({ target: local.solana.rpcUrl }) : undefined;
    if (solanaProxy) proxies.push(solanaProxy);
    const payerAddress = (network: string) =>
      (network.startsWith("eip155:") ? payer.evm?.address : payer.solana?.address) as string;
    return {
      local,
      payer,
      ...(evmProxy ? { evmProxy } : {}),
      ...(solanaProxy ? { solanaProxy } : {}),
      recipientUsdc: async (network) => (await local.balances(recipientOf(local, network), network)).usdc,
      payerUsdc: async (network) => (await local.balances(payerAddress(network), network)).usdc,
      close: async () => {
        await Promise.all(proxies.map((proxy) => proxy.close()));
        await local.stop();
      },
    };
  } catch (error) {
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await local.stop();
    throw error;
  }
}

/** The local receiving address on `network`. */
export function recipientOf(local: LocalPayments, network: string): string {
  const address = (local.payTo as Readonly<Record<string, string>>)[network];
  if (!address) throw new Error(`no local recipient on ${network}`);
  return address;
}

/** Options of {@link evmPayeeVia}. */
export type EvmPayeeViaParameters = {
  /** Per-call timeout of viem's HTTP transport. */
  timeoutMs: number;
  /** viem's retries of a failed call (default viem's 3). */
  retryCount?: number;
  receiptTimeoutMs: number;
};

/** `exact` EVM payee (anvil's settler) whose every RPC call goes to `url`. */
export function evmPayeeVia(
  local: LocalPayments,
  url: string,
  parameters: EvmPayeeViaParameters,
): SchemePayee {
  const evm = local.evm;
  if (!evm) throw new Error("no local EVM chain");
  const client = createPublicClient({
    chain: evm.chain,
    transport: http(url, {
      timeout: parameters.timeoutMs,
      ...(parameters.retryCount === undefined ? {} : { retryCount: parameters.retryCount }),
    }),
    // anvil mines at once: viem's default 4 s receipt poll would only add latency.
    pollingInterval: 50,
  });
  return exactEvmPayee({
    clients: { [evm.caip2]: client },
    settler: evm.settler,
    assets: [evm.asset],
    receiptTimeoutMs: parameters.receiptTimeoutMs,
  });
}

/** Options of {@link solanaPayeeVia}. */
export type SolanaPayeeViaParameters = {
  /** Per-call deadline added to kit's transport (kit has none); leave out to see kit's own behaviour. */
  timeoutMs?: number;
  /** How long settle polls for confirmation. */
  confirmTimeoutMs: number;
  /** The payee's own deadline per RPC call (exactSolanaPayee's `rpcTimeoutMs`; default 10 s). */
  rpcTimeoutMs?: number;
};

/** `exact` Solana payee with a fresh funded fee payer, whose every RPC call goes to `url`. */
export async function solanaPayeeVia(
  local: LocalPayments,
  url: string,
  parameters: SolanaPayeeViaParameters,
): Promise<SchemePayee> {
  const solana = local.solana;
  if (!solana) throw new Error("no local Solana chain");
  // @paymux/local keeps its fee payer's key to itself: this payee sponsors with its own.
  const feePayer = await generateKeyPairSigner();
  await solana.airdrop(feePayer.address as Address, 100_000_000_000n);
  const rpc = createSolanaRpcFromTransport(
    withDeadline(createDefaultRpcTransport({ url }), parameters.timeoutMs),
  );
  return exactSolanaPayee({
    rpc: { [solana.caip2]: rpc },
    feePayer,
    assets: solana.assets,
    intervalMs: 20,
    timeoutMs: parameters.confirmTimeoutMs,
    ...(parameters.rpcTimeoutMs === undefined ? {} : { rpcTimeoutMs: parameters.rpcTimeoutMs }),
  });
}

// What an operator adds to kit's transport so that a stuck RPC fails a call instead of holding it forever.
function withDeadline(transport: RpcTransport, timeoutMs: number | undefined): RpcTransport {
  if (timeoutMs === undefined) return transport;
  return (request) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
    return transport({ ...request, signal });
  };
}
