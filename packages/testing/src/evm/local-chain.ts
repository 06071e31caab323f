import { PaymuxError } from "@paymux/core";
import type {
  Address,
  Chain,
  HttpTransport,
  PrivateKeyAccount,
  PublicClient,
  TestClient,
  WalletClient,
} from "viem";
import { type AnvilInstance, type StartAnvilParameters, startAnvil } from "./anvil.js";
import {
  createLocalPublicClient,
  createLocalTestClient,
  createLocalWalletClient,
  DEFAULT_POLLING_INTERVAL_MS,
  localEvmChain,
  type TestAccount,
  testAccountFromPrivateKey,
} from "./clients.js";
import { deployTestUsdc, installTestUsdcAt, mintTestUsdc, TEST_USDC_DEFAULTS } from "./fixtures.js";

/** Base Sepolia's chain id (CAIP-2 `eip155:84532`). */
export const BASE_SEPOLIA_CHAIN_ID = 84532;

/** Circle's USDC on Base Sepolia; the local chain installs the test token here when impersonating. */
export const BASE_SEPOLIA_USDC_ADDRESS: Address = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";

/** Options of {@link startLocalEvmChain}. */
export type StartLocalEvmChainParameters = {
  /** "base-sepolia": chain id 84532 and the token at Base Sepolia's USDC address with domain "USDC"/"2". */
  impersonate?: "base-sepolia";
  /** Chain id when not impersonating (default 31337). */
  chainId?: number;
  /** Test USDC minted to the payer, in atomic units (default 1,000 USDC). */
  payerUsdc?: bigint;
  /** Receipt polling interval of the returned clients (default 50 ms). */
  pollingInterval?: number;
  /** Passed to {@link startAnvil}; the chain id comes from `impersonate`/`chainId`. */
  anvil?: Omit<StartAnvilParameters, "chainId">;
};

/** The test USDC of a local chain, with what an x402 offer's `extra` needs. */
export type LocalUsdc = {
  address: Address;
  /** EIP-712 domain name. */
  name: string;
  /** EIP-712 domain version. */
  version: string;
  symbol: string;
  decimals: 6;
};

/** Roles of a local payment flow, each a funded dev account. */
export type LocalEvmRoles<T> = { deployer: T; settler: T; payer: T; payee: T };

/** A running local EVM chain with a test USDC, funded role accounts and ready clients. */
export type LocalEvmChain = LocalEvmRoles<TestAccount> & {
  anvil: AnvilInstance;
  rpcUrl: string;
  chainId: number;
  /** CAIP-2 network id, e.g. "eip155:84532". */
  caip2: `eip155:${number}`;
  chain: Chain;
  usdc: LocalUsdc;
  publicClient: PublicClient<HttpTransport, Chain>;
  testClient: TestClient<"anvil", HttpTransport, Chain>;
  /** One wallet client per role, bound to that role's account. */
  walletClients: LocalEvmRoles<WalletClient<HttpTransport, Chain, PrivateKeyAccount>>;
  /** Stops anvil; idempotent. */
  stop(): Promise<void>;
};

/** Payer's default test USDC: 1,000 USDC in 6-decimal atomic units. */
const DEFAULT_PAYER_USDC = 1_000_000_000n;

/**
 * Starts anvil and sets up a payment-ready chain: a test USDC (deployed fresh, or installed at Base Sepolia's
 * USDC address when impersonating), the payer funded with it, and clients for every role.
 * Dev accounts #0–#3 are deployer (token owner), settler, payer and payee; all hold 10,000 ETH.
 */
export async function startLocalEvmChain(
  parameters: StartLocalEvmChainParameters = {},
): Promise<LocalEvmChain> {
  const impersonating = parameters.impersonate === "base-sepolia";
  if (impersonating && parameters.chainId !== undefined && parameters.chainId !== BASE_SEPOLIA_CHAIN_ID) {
    throw new PaymuxError(
      "CHAIN_ERROR",
      `startLocalEvmChain: chainId ${parameters.chainId} contradicts impersonate "base-sepolia"`,
    );
  }
  const chainId = impersonating ? BASE_SEPOLIA_CHAIN_ID : (parameters.chainId ?? 31337);
  const anvil = await startAnvil({ ...parameters.anvil, chainId });
  try {
    const [deployerKey, settlerKey, payerKey, payeeKey] = anvil.privateKeys;
    if (!deployerKey || !settlerKey || !payerKey || !payeeKey) {
      throw new PaymuxError("CONFIG_INVALID", "startLocalEvmChain needs at least 4 anvil dev accounts");
    }
    const roles: LocalEvmRoles<TestAccount> = {
      deployer: testAccountFromPrivateKey(deployerKey),
      settler: testAccountFromPrivateKey(settlerKey),
      payer: testAccountFromPrivateKey(payerKey),
      payee: testAccountFromPrivateKey(payeeKey),
    };
    const chainName = impersonating ? "Base Sepolia (local anvil)" : `Local EVM ${chainId}`;
    const chain = localEvmChain(chainId, anvil.rpcUrl, chainName);
    const pollingInterval = parameters.pollingInterval ?? DEFAULT_POLLING_INTERVAL_MS;
    const publicClient = createLocalPublicClient(chain, pollingInterval);
    const source = { client: publicClient };

    const meta = TEST_USDC_DEFAULTS;
    const address = impersonating
      ? await installTestUsdcAt({
          ...source,
          ...meta,
          address: BASE_SEPOLIA_USDC_ADDRESS,
          owner: roles.deployer,
        })
      : await deployTestUsdc({ ...source, ...meta, deployer: roles.deployer });
    const payerUsdc = parameters.payerUsdc ?? DEFAULT_PAYER_USDC;
    if (payerUsdc > 0n) {
      await mintTestUsdc({
        ...source,
        token: address,
        minter: roles.deployer,
        to: roles.payer.address,
        amount: payerUsdc,
      });
    }

    const wallet = (account: PrivateKeyAccount) => createLocalWalletClient(chain, account, pollingInterval);
    return {
      ...roles,
      anvil,
      rpcUrl: anvil.rpcUrl,
      chainId,
      caip2: `eip155:${chainId}`,
      chain,
      usdc: { address, name: meta.name, version: meta.version, symbol: meta.symbol, decimals: 6 },
      publicClient,
      testClient: createLocalTestClient(chain, pollingInterval),
      walletClients: {
        deployer: wallet(roles.deployer),
        settler: wallet(roles.settler),
        payer: wallet(roles.payer),
        payee: wallet(roles.payee),
      },
      stop: () => anvil.stop(),
    };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}
