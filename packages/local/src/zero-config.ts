// Zero-config payers (design.md §5): what `paymuxFetch(url)` pays with when the caller gave no wallet. Payers
// are lazy: the first payment on a network creates an ephemeral wallet there and funds it, from a running local
// chain (this process's startLocalPayments) or from a Solana test network's faucet. Mainnets are never paid.
import { exactSolanaPayer, pushSolanaPayer } from "@paymux/chain-solana/client";
import {
  type CreatedPayload,
  isMainnet,
  matchNetworkPattern,
  NATIVE_SOL,
  type Offer,
  type PaymentContext,
  PaymuxError,
  type SchemePayer,
  SOLANA_DEVNET,
  SOLANA_TESTNET,
  sameAsset,
} from "@paymux/core";
import { generateKeyPairSigner } from "@solana/kit";
import { airdrop, createFaucetRpc, type FaucetOptions } from "./faucet.js";
import { runningLocalPayments } from "./registry.js";
import type { LocalPayments, ZeroConfigParameters, ZeroConfigPayers, ZeroConfigWallet } from "./types.js";

const DEFAULT_SOLANA_RPC_URLS: Readonly<Record<string, string>> = {
  [SOLANA_DEVNET]: "https://api.devnet.solana.com",
  [SOLANA_TESTNET]: "https://api.testnet.solana.com",
};
const DEFAULTS = {
  airdropLamports: 1_000_000_000n,
  faucetRetries: 4,
  faucetBackoffMs: 500,
  faucetTimeoutMs: 30_000,
};
const SCHEMES = ["exact", "push"] as const;

/** A funded ephemeral wallet: the chain packages' payers around it, and its address on each network. */
type Funded = { payers: readonly SchemePayer[]; wallets: ZeroConfigWallet[] };
/** One funding, shared by every payment that arrives while it runs; `funded` is set once it succeeded. */
type Funding = { promise: Promise<Funded>; funded?: Funded };

/**
 * Payers for a client with no wallet: `exact` and `push` on the networks of the running local chains and on
 * Solana devnet and testnet. Nothing is created or funded until the first payment on a network: then a fresh
 * wallet is funded once (by the local chain's `createPayer()`, or by the faucet's airdrop of SOL) and the real
 * payer of the chain package signs. Offers on any other network, mainnets above all, are refused unsigned.
 */
export function createZeroConfigPayers(parameters: ZeroConfigParameters = {}): ZeroConfigPayers {
  const rpcUrls = faucetUrls(parameters);
  const faucet = faucetOptions(parameters);
  const localNetworks = [...new Set(runningLocalPayments().flatMap((local) => local.networks))].filter(
    (network) => !isMainnet(network),
  );
  // A test network that a local chain impersonates is paid on that chain, not through the faucet.
  const faucetNetworks = Object.keys(rpcUrls).filter((network) => !localNetworks.includes(network));
  const allowedNetworks = [...localNetworks, ...faucetNetworks];
  const fromLocal = new Map<LocalPayments, Funding>();
  const fromFaucet = new Map<string, Funding>();

  const fund = (network: string, payTo: string): Promise<Funded> => {
    if (isMainnet(network)) throw refusal("mainnet", "Zero-config payments never pay on a mainnet", network);
    if (!allowedNetworks.includes(network)) {
      throw refusal("unfundable", "Zero-config payments cannot fund a wallet on this network", network);
    }
    const running = runningLocalPayments();
    // A stopped chain's wallet is gone with it: forget it, and fund afresh if the network is served again.
    for (const local of fromLocal.keys()) if (!running.includes(local)) fromLocal.delete(local);
    const local = pickLocal(running, network, payTo, fromLocal);
    if (local) return once(fromLocal, local, () => fundLocal(local));
    const url = rpcUrls[network];
    if (url !== undefined) {
      return once(fromFaucet, network, () => fundFromFaucet(network, url, faucet, parameters.fetch));
    }
    throw refusal("unfundable", "No running local chain serves this network any more", network);
  };

  const lazyPayer = (scheme: (typeof SCHEMES)[number]): SchemePayer => ({
    scheme,
    networks: [...allowedNetworks],
    async createPayload(offer: Offer, context: PaymentContext): Promise<CreatedPayload> {
      const funded = await fund(offer.network, offer.payTo);
      const payer = funded.payers.find(
        (candidate) =>
          candidate.scheme === scheme &&
          candidate.networks.some((pattern) => matchNetworkPattern(pattern, offer.network) >= 0),
      );
      if (!payer) {
        throw new PaymuxError("SCHEME_UNSUPPORTED", "No zero-config payer for this scheme on this network", {
          context: { scheme, network: offer.network },
        });
      }
      return payer.createPayload(offer, context);
    },
  });

  return {
    payers: SCHEMES.map(lazyPayer),
    allowedNetworks: [...allowedNetworks],
    preferences: {
      networks: [...allowedNetworks],
      // The faucet gives SOL only: a USDC offer there would fail at settlement, so SOL offers go first.
      ...(faucetNetworks.length > 0 ? { assets: [NATIVE_SOL] } : {}),
    },
    wallets() {
      const running = runningLocalPayments();
      const local = [...fromLocal].filter(([source]) => running.includes(source));
      return [...local.map(([, funding]) => funding), ...fromFaucet.values()].flatMap(
        (funding) => funding.funded?.wallets ?? [],
      );
    },
  };
}

function refusal(rule: "mainnet" | "unfundable", message: string, network: string): PaymuxError {
  return new PaymuxError("POLICY_REJECTED", message, { context: { rule, network } });
}

/**
 * The running local chain to pay `network` on. Two setups can serve the same id (two anvils are both
 * eip155:31337): the one whose recipient the offer pays wins, then one already funded, then the newest.
 */
function pickLocal(
  running: readonly LocalPayments[],
  network: string,
  payTo: string,
  funded: ReadonlyMap<LocalPayments, Funding>,
): LocalPayments | undefined {
  const serving = running.filter((local) => local.networks.includes(network));
  const recipient = (local: LocalPayments) =>
    typeof local.payTo === "string" ? local.payTo : local.payTo[network];
  return (
    serving.find((local) => {
      const address = recipient(local);
      return address !== undefined && sameAsset(address, payTo);
    }) ??
    serving.find((local) => funded.has(local)) ??
    serving.at(-1)
  );
}

/** The funding of `key`, started by `create` unless one is under way or done; a failed one can be retried. */
function once<K>(fundings: Map<K, Funding>, key: K, create: () => Promise<Funded>): Promise<Funded> {
  const existing = fundings.get(key);
  if (existing) return existing.promise;
  const funding: Funding = {
    promise: create().then(
      (funded) => {
        funding.funded = funded;
        return funded;
      },
      (error: unknown) => {
        if (fundings.get(key) === funding) fundings.delete(key);
        throw error;
      },
    ),
  };
  fundings.set(key, funding);
  return funding.promise;
}

/** A wallet from the local chain's faucet: ETH, USDC and SOL on every chain it runs, with its payers. */
async function fundLocal(local: LocalPayments): Promise<Funded> {
  const payer = await local.createPayer();
  const wallets = local.networks.flatMap((network) => {
    const address = network.startsWith("eip155:") ? payer.evm?.address : payer.solana?.address;
    return address === undefined ? [] : [{ network, address }];
  });
  return { payers: payer.payers, wallets };
}

/** A fresh key pair (non-extractable) funded with SOL by the network's faucet. */
async function fundFromFaucet(
  network: string,
  url: string,
  options: FaucetOptions,
  fetcher: typeof fetch | undefined,
): Promise<Funded> {
  const rpc = createFaucetRpc(url, fetcher);
  const signer = await generateKeyPairSigner();
  await airdrop(rpc, network, signer.address, options);
  const rpcs = { [network]: rpc };
  return {
    payers: [exactSolanaPayer({ signer, rpc: rpcs }), pushSolanaPayer({ signer, rpc: rpcs })],
    wallets: [{ network, address: signer.address }],
  };
}

/** Faucet RPC URLs by network: the defaults, the env override for devnet, then the caller's entries. */
function faucetUrls(parameters: ZeroConfigParameters): Record<string, string> {
  const env = globalThis.process?.env?.["PAYMUX_SOLANA_RPC_URL"];
  const urls: Record<string, string> = {
    ...DEFAULT_SOLANA_RPC_URLS,
    ...(env ? { [SOLANA_DEVNET]: env } : {}),
  };
  for (const [network, url] of Object.entries(parameters.solanaRpcUrls ?? {})) {
    // URLs are never quoted in errors: RPC URLs often carry an API key.
    if (!network.startsWith("solana:") || isMainnet(network)) {
      throw new PaymuxError("CONFIG_INVALID", "solanaRpcUrls takes Solana test networks only (no mainnet)", {
        context: { field: "solanaRpcUrls", network },
      });
    }
    if (!isHttpUrl(url)) {
      throw new PaymuxError("CONFIG_INVALID", "solanaRpcUrls needs http(s) URLs", {
        context: { field: "solanaRpcUrls", network },
      });
    }
    urls[network] = url;
  }
  return urls;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

function faucetOptions(parameters: ZeroConfigParameters): FaucetOptions {
  const lamports = parameters.airdropLamports ?? DEFAULTS.airdropLamports;
  const tries = parameters.faucetRetries ?? DEFAULTS.faucetRetries;
  const backoffMs = parameters.faucetBackoffMs ?? DEFAULTS.faucetBackoffMs;
  const timeoutMs = parameters.faucetTimeoutMs ?? DEFAULTS.faucetTimeoutMs;
  const invalid = (field: string, message: string) =>
    new PaymuxError("CONFIG_INVALID", message, { context: { field } });
  if (typeof lamports !== "bigint" || lamports <= 0n) {
    throw invalid("airdropLamports", "airdropLamports must be a positive bigint");
  }
  if (!Number.isSafeInteger(tries) || tries < 1) {
    throw invalid("faucetRetries", "faucetRetries must be a whole number of attempts, at least 1");
  }
  if (!Number.isFinite(backoffMs) || backoffMs < 0) {
    throw invalid("faucetBackoffMs", "faucetBackoffMs must be a non-negative number of milliseconds");
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw invalid("faucetTimeoutMs", "faucetTimeoutMs must be a positive number of milliseconds");
  }
  return { lamports, tries, backoffMs, timeoutMs };
}
