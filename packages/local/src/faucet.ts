// Funding an ephemeral wallet from a Solana test network's faucet (`requestAirdrop`). Public faucets rate-limit
// hard (HTTP 429, "airdrop request failed" errors), so attempts back off exponentially, and the whole funding is
// bounded in time: a request that hangs or an airdrop that never lands ends in CHAIN_ERROR, not a stuck client.
import { PaymuxError, SOLANA_DEVNET, SOLANA_TESTNET } from "@paymux/core";
import {
  type Address,
  createSolanaRpc,
  createSolanaRpcFromTransport,
  lamports,
  type Rpc,
  type RpcTransport,
  type Signature,
  type SolanaRpcApi,
} from "@solana/kit";

/** A kit RPC with the test clusters' API (`requestAirdrop` included). */
export type FaucetRpc = Rpc<SolanaRpcApi>;

/** How hard to try the faucet. */
export type FaucetOptions = {
  lamports: bigint;
  tries: number;
  backoffMs: number;
  timeoutMs: number;
};

/** Between polls of the airdrop's status; devnet confirms in about a second. */
const POLL_MS = 500;

/** A kit RPC on `url`; through `fetcher` when one is given (kit's default transport uses the global fetch). */
export function createFaucetRpc(url: string, fetcher?: typeof fetch): FaucetRpc {
  if (!fetcher) return createSolanaRpc(url);
  // What kit's own HTTP transport does: bigints go out as bare integers; integers come back as numbers, which
  // kit's response transformer turns into bigints. JSON.parse is exact up to 2^53 (9 million SOL in lamports),
  // far beyond any test wallet.
  const transport: RpcTransport = async <T>({
    payload,
    signal,
  }: {
    payload: unknown;
    signal?: AbortSignal;
  }) => {
    const response = await fetcher(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: stringifyWithBigInts(payload),
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) {
      throw new PaymuxError("CHAIN_ERROR", `The Solana RPC answered HTTP ${response.status}`, {
        context: { status: response.status },
      });
    }
    return (await response.json()) as T;
  };
  return createSolanaRpcFromTransport(transport) as FaucetRpc;
}

/** JSON with bigints as bare integers: each is quoted under a one-off marker, then unquoted. */
function stringifyWithBigInts(value: unknown): string {
  const marker = `bigint-${crypto.randomUUID()}:`;
  const json = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "bigint" ? `${marker}${item}` : item,
  );
  return json.replaceAll(new RegExp(`"${marker}(-?\\d+)"`, "g"), "$1");
}

/**
 * Airdrops `options.lamports` to `address` and waits until the transfer is confirmed. Checks first that the
 * RPC serves `network` (its genesis hash), so a misconfigured URL never funds or pays on another chain.
 */
export async function airdrop(
  rpc: FaucetRpc,
  network: string,
  address: Address,
  options: FaucetOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let tries = 0;
  let lastError: unknown;
  let genesisChecked = false;
  let otherChain: string | undefined;
  while (tries < options.tries) {
    if (tries > 0) {
      const delay = options.backoffMs * 2 ** (tries - 1);
      if (Date.now() + delay >= deadline) break;
      await sleep(delay);
    }
    tries++;
    const abortSignal = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
    try {
      if (!genesisChecked) {
        const genesis = await rpc.getGenesisHash().send({ abortSignal });
        if (`solana:${genesis.slice(0, 32)}` !== network) {
          // Not transient: no retry fixes a URL that points at another chain.
          otherChain = genesis;
          break;
        }
        genesisChecked = true;
      }
      const signature = await rpc
        .requestAirdrop(address, lamports(options.lamports), { commitment: "confirmed" })
        .send({ abortSignal });
      if (await landed(rpc, signature, deadline, abortSignal)) return;
      lastError = new PaymuxError("CHAIN_ERROR", "The airdrop transaction failed", {
        context: { signature },
      });
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
  }
  if (otherChain !== undefined) {
    throw new PaymuxError("CHAIN_ERROR", "The Solana RPC configured for this network serves another chain", {
      context: { network, genesisHash: otherChain },
    });
  }
  const faucet = network === SOLANA_TESTNET ? "testnet" : network === SOLANA_DEVNET ? "devnet" : network;
  throw new PaymuxError(
    "CHAIN_ERROR",
    `The ${faucet} faucet refused or timed out after ${tries} ${tries === 1 ? "try" : "tries"}; pass a funded key instead`,
    { context: { network, tries }, cause: lastError },
  );
}

/** True once the airdrop is confirmed, false if it failed on chain; throws when the deadline passes. */
async function landed(
  rpc: FaucetRpc,
  signature: Signature,
  deadline: number,
  abortSignal: AbortSignal,
): Promise<boolean> {
  for (;;) {
    const { value } = await rpc.getSignatureStatuses([signature]).send({ abortSignal });
    const status = value[0];
    if (status && (status.confirmationStatus === "confirmed" || status.confirmationStatus === "finalized")) {
      return status.err === null;
    }
    if (status?.err) return false;
    if (Date.now() + POLL_MS >= deadline) {
      throw new PaymuxError("CHAIN_ERROR", "The airdrop was not confirmed in time", {
        context: { signature },
      });
    }
    await sleep(POLL_MS);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
