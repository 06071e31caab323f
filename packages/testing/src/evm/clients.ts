import {
  type Chain,
  type Client,
  createClient,
  createPublicClient,
  createTestClient,
  createWalletClient,
  custom,
  defineChain,
  type Hex,
  type HttpTransport,
  http,
  type PrivateKeyAccount,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { getChainId } from "viem/actions";

/**
 * How fixtures reach the chain: an RPC URL, or a viem client that carries a chain.
 * The URL form builds a client with a short polling interval (see DEFAULT_POLLING_INTERVAL_MS).
 */
export type RpcSource =
  | { rpcUrl: string; client?: never }
  | { client: Client<Transport, Chain>; rpcUrl?: never };

/** A viem local account that also exposes its private key, because tests hand keys to other SDKs and CLIs. */
export type TestAccount = PrivateKeyAccount & { readonly privateKey: Hex };

/**
 * Receipt polling interval for local clients: anvil mines instantly, but viem waits a full interval before
 * re-reading, and its default (4 s on `foundry`) would dominate every settle on a long-lived chain.
 */
export const DEFAULT_POLLING_INTERVAL_MS = 50;

/** A viem chain for a local anvil: chain id, ETH as native currency, and the loopback RPC URL. */
export function localEvmChain(chainId: number, rpcUrl: string, name = `Local EVM ${chainId}`): Chain {
  return defineChain({
    id: chainId,
    name,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
    testnet: true,
  });
}

/** Wraps a private key as a {@link TestAccount}. */
export function testAccountFromPrivateKey(privateKey: Hex): TestAccount {
  return Object.assign(privateKeyToAccount(privateKey), { privateKey });
}

/** A public client for a local chain with the short polling interval. */
export function createLocalPublicClient(
  chain: Chain,
  pollingInterval = DEFAULT_POLLING_INTERVAL_MS,
): PublicClient<HttpTransport, Chain> {
  return createPublicClient({ chain, transport: http(chain.rpcUrls.default.http[0]), pollingInterval });
}

/** A wallet client bound to one account on a local chain. */
export function createLocalWalletClient(
  chain: Chain,
  account: PrivateKeyAccount,
  pollingInterval = DEFAULT_POLLING_INTERVAL_MS,
): WalletClient<HttpTransport, Chain, PrivateKeyAccount> {
  return createWalletClient({
    chain,
    account,
    transport: http(chain.rpcUrls.default.http[0]),
    pollingInterval,
  });
}

/** A viem test client (anvil_* methods) for a local chain. */
export function createLocalTestClient(
  chain: Chain,
  pollingInterval = DEFAULT_POLLING_INTERVAL_MS,
): TestClient<"anvil", HttpTransport, Chain> {
  return createTestClient({
    mode: "anvil",
    chain,
    transport: http(chain.rpcUrls.default.http[0]),
    pollingInterval,
  });
}

/** The base client and anvil test client behind an {@link RpcSource}. */
export type ResolvedRpc = {
  client: Client<Transport, Chain>;
  testClient: TestClient<"anvil", Transport, Chain>;
};

/** Turns an {@link RpcSource} into clients; for a bare URL it asks the node for its chain id first. */
export async function resolveRpc(source: RpcSource): Promise<ResolvedRpc> {
  if (source.client) {
    const { client } = source;
    const testClient = createTestClient({
      mode: "anvil",
      chain: client.chain,
      transport: custom(client),
      pollingInterval: client.pollingInterval,
    });
    return { client, testClient };
  }
  const probe = createClient({ transport: http(source.rpcUrl) });
  const chain = localEvmChain(await getChainId(probe), source.rpcUrl);
  const client = createClient({
    chain,
    transport: http(source.rpcUrl),
    pollingInterval: DEFAULT_POLLING_INTERVAL_MS,
  });
  return { client, testClient: createLocalTestClient(chain) };
}
