import { type Caip2, evmChainId, PaymuxError } from "@paymux/core";
import {
  type Account,
  type Address,
  type Chain,
  type Client,
  createPublicClient,
  defineChain,
  getAddress,
  http,
  type Transport,
} from "viem";
import { EVM_NETWORKS } from "../networks.js";

/** A viem client that can read the chain (a `PublicClient`, or a `WalletClient` on the same node). */
export type EvmReadClient = Client<Transport, Chain | undefined>;

/** A settlement key: a viem `Account` (any network), or a `WalletClient` carrying one (its chain only). */
export type EvmSettler = Account | Client<Transport, Chain | undefined, Account | undefined>;

/** How a payee reaches its networks: ready clients, RPC URLs, or both (clients win). */
export type EvmConnectionParameters = {
  /** A client per CAIP-2 network, e.g. `{ "eip155:8453": publicClient }`. */
  clients?: Readonly<Record<string, EvmReadClient>>;
  /** An RPC URL per CAIP-2 network; a client with `pollingInterval` is built for each. */
  rpcUrls?: Readonly<Record<string, string>>;
  /** Networks to serve (default: every network given in `clients` or `rpcUrls`). */
  networks?: readonly string[];
  /** Receipt polling interval of clients built from `rpcUrls` (default 1,000 ms; Base makes a block every 2 s). */
  pollingInterval?: number;
};

/** The clients of one network. */
export type NetworkConnection = { network: Caip2; chainId: number; client: EvmReadClient };

/** Resolves every served network to a client, checking chain ids so a misrouted URL fails at start-up. */
export function resolveConnections(parameters: EvmConnectionParameters): Map<string, NetworkConnection> {
  const clients = parameters.clients ?? {};
  const urls = parameters.rpcUrls ?? {};
  const networks = parameters.networks ?? [...new Set([...Object.keys(clients), ...Object.keys(urls)])];
  if (networks.length === 0) {
    throw new PaymuxError(
      "CONFIG_INVALID",
      "An EVM payee needs `clients` or `rpcUrls` for at least one network",
    );
  }
  const connections = new Map<string, NetworkConnection>();
  for (const network of networks) {
    const chainId = evmChainId(network);
    const url = urls[network];
    const client =
      clients[network] ??
      (url === undefined ? undefined : clientFromUrl(chainId, url, parameters.pollingInterval));
    if (!client) {
      throw new PaymuxError("CONFIG_INVALID", "No client or RPC URL for a served network", {
        context: { network },
      });
    }
    if (client.chain && client.chain.id !== chainId) {
      throw new PaymuxError("CONFIG_INVALID", "The client for this network is on another chain", {
        context: { network, clientChainId: client.chain.id },
      });
    }
    connections.set(network, { network: network as Caip2, chainId, client });
  }
  return connections;
}

function clientFromUrl(chainId: number, url: string, pollingInterval = 1_000): EvmReadClient {
  const known = EVM_NETWORKS.find((entry) => entry.chainId === chainId);
  const chain = defineChain({
    id: chainId,
    name: known?.name ?? `EVM ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  return createPublicClient({ chain, transport: http(url), pollingInterval });
}

/** The settler of one network: the account, and the client that signs and sends with it. */
export type NetworkSettler = {
  address: Address;
  account: Account;
  client: Client<Transport, Chain | undefined>;
};

function isClient(settler: EvmSettler): settler is Client<Transport, Chain | undefined, Account | undefined> {
  return "request" in settler && typeof settler.request === "function";
}

/**
 * The settler for a network. A wallet client is used as-is on its own chain (it may hold a JSON-RPC
 * account the node signs for); elsewhere only a local account can sign, through the network's client.
 */
export function resolveSettler(settler: EvmSettler, connection: NetworkConnection): NetworkSettler {
  if (isClient(settler)) {
    const account = settler.account;
    if (!account) throw new PaymuxError("CONFIG_INVALID", "The settler wallet client has no account");
    const chainId = settler.chain?.id;
    if (chainId === connection.chainId) {
      return { address: getAddress(account.address), account, client: settler };
    }
    if (account.type !== "local") {
      throw new PaymuxError("CONFIG_INVALID", "The settler wallet client is on another chain", {
        context: { network: connection.network, settlerChainId: chainId ?? null },
      });
    }
    return { address: getAddress(account.address), account, client: connection.client };
  }
  return { address: getAddress(settler.address), account: settler, client: connection.client };
}

/**
 * Serializes sends per settler and network: two concurrent settlements from one key would otherwise read
 * the same account nonce and one would be dropped. Waiting for receipts stays concurrent.
 */
export function createSendQueue(): <T>(key: string, send: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, send: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(send, send);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
