import { PaymuxError } from "@paymux/core";
import type { Account, Address, Chain, Client, Hash, Transport } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { deployContract, getCode, waitForTransactionReceipt, writeContract } from "viem/actions";
import { testUsdcAbi, testUsdcBytecode, testUsdcDeployedBytecode } from "./artifact.js";
import {
  DEFAULT_POLLING_INTERVAL_MS,
  type RpcSource,
  resolveRpc,
  type TestAccount,
  testAccountFromPrivateKey,
} from "./clients.js";

/** EIP-712 domain and symbol the test USDC uses unless told otherwise (Base Sepolia's USDC domain). */
export const TEST_USDC_DEFAULTS = { name: "USDC", version: "2", symbol: "USDC" } as const;

/** Token metadata settable at deployment or installation. */
export type TestUsdcMetadata = {
  /** EIP-712 domain name (default "USDC"; real USDC uses "USD Coin" on mainnets). */
  name?: string;
  /** EIP-712 domain version (default "2"). */
  version?: string;
  /** ERC-20 symbol (default "USDC"). */
  symbol?: string;
};

/** Options of {@link deployTestUsdc}. */
export type DeployTestUsdcParameters = RpcSource &
  TestUsdcMetadata & {
    /** Sends the deployment; becomes owner and minter unless `owner` is given. */
    deployer: Account;
    /** Owner and first minter (default: the deployer). */
    owner?: Address;
  };

/** Deploys a fresh test USDC and returns its address. */
export async function deployTestUsdc(parameters: DeployTestUsdcParameters): Promise<Address> {
  const { client } = await resolveRpc(parameters);
  const meta = withDefaults(parameters);
  const hash = await deployContract(client, {
    abi: testUsdcAbi,
    bytecode: testUsdcBytecode,
    args: [meta.name, meta.version, meta.symbol, parameters.owner ?? parameters.deployer.address],
    account: parameters.deployer,
    chain: client.chain,
  });
  const receipt = await confirm(client, hash, "deploying the test USDC");
  if (!receipt.contractAddress)
    throw new PaymuxError("CHAIN_ERROR", `test USDC deployment ${hash} created no contract`);
  return receipt.contractAddress;
}

/** Options of {@link installTestUsdcAt}. */
export type InstallTestUsdcAtParameters = RpcSource &
  TestUsdcMetadata & {
    /** Where to place the token, e.g. Base Sepolia's USDC address; must hold no code yet. */
    address: Address;
    /** Sends `initialize` and becomes owner and first minter. */
    owner: Account;
  };

/**
 * Places the test USDC's runtime code at a chosen address with `anvil_setCode`, then initializes it,
 * so configs that name a real network's USDC address work unchanged on the local chain.
 */
export async function installTestUsdcAt(parameters: InstallTestUsdcAtParameters): Promise<Address> {
  const { client, testClient } = await resolveRpc(parameters);
  const existing = await getCode(client, { address: parameters.address });
  // setCode keeps the old storage, and the token's initializer runs only on empty storage.
  if (existing && existing !== "0x") {
    throw new PaymuxError(
      "CHAIN_ERROR",
      `installTestUsdcAt: ${parameters.address} already holds code; use a fresh anvil (not a fork)`,
    );
  }
  await testClient.setCode({ address: parameters.address, bytecode: testUsdcDeployedBytecode });
  const meta = withDefaults(parameters);
  const hash = await writeContract(client, {
    address: parameters.address,
    abi: testUsdcAbi,
    functionName: "initialize",
    args: [meta.name, meta.version, meta.symbol, parameters.owner.address],
    account: parameters.owner,
    chain: client.chain,
  });
  await confirm(client, hash, `initializing the test USDC at ${parameters.address}`);
  return parameters.address;
}

/** Options of {@link mintTestUsdc}. */
export type MintTestUsdcParameters = RpcSource & {
  /** Test USDC address. */
  token: Address;
  /** An account allowed to mint (the owner is). */
  minter: Account;
  to: Address;
  /** Atomic units (6 decimals: 1 USDC = 1_000_000n). */
  amount: bigint;
};

/** Mints test USDC and waits for the receipt; returns the transaction hash. */
export async function mintTestUsdc(parameters: MintTestUsdcParameters): Promise<Hash> {
  const { client } = await resolveRpc(parameters);
  const hash = await writeContract(client, {
    address: parameters.token,
    abi: testUsdcAbi,
    functionName: "mint",
    args: [parameters.to, parameters.amount],
    account: parameters.minter,
    chain: client.chain,
  });
  await confirm(client, hash, `minting ${parameters.amount} to ${parameters.to}`);
  return hash;
}

/** Options of {@link fundEth}. */
export type FundEthParameters = RpcSource & {
  address: Address;
  /** New balance in wei (it replaces the old balance, it does not add to it). */
  value: bigint;
};

/** Sets an address's native balance with `anvil_setBalance` (no transaction, no block). */
export async function fundEth(parameters: FundEthParameters): Promise<void> {
  const { testClient } = await resolveRpc(parameters);
  await testClient.setBalance({ address: parameters.address, value: parameters.value });
}

/** Options of {@link createFundedWallets}. */
export type CreateFundedWalletsParameters = RpcSource & {
  /** How many fresh wallets to create. */
  count: number;
  /** Native balance of each wallet in wei (default 1 ether; 0n leaves it empty). */
  eth?: bigint;
  /** Test USDC to mint to each wallet; needs `token` and `minter`. */
  usdc?: { token: Address; minter: Account; amount: bigint };
};

/** Creates wallets with random keys, gives each ETH and optionally test USDC, and returns them with their keys. */
export async function createFundedWallets(parameters: CreateFundedWalletsParameters): Promise<TestAccount[]> {
  if (!Number.isSafeInteger(parameters.count) || parameters.count < 0) {
    throw new PaymuxError(
      "CONFIG_INVALID",
      `createFundedWallets: count must be a non-negative integer, got ${parameters.count}`,
    );
  }
  const resolved = await resolveRpc(parameters);
  const source = { client: resolved.client };
  const eth = parameters.eth ?? 10n ** 18n;
  const wallets: TestAccount[] = [];
  for (let index = 0; index < parameters.count; index++) {
    const wallet = testAccountFromPrivateKey(generatePrivateKey());
    if (eth > 0n) await resolved.testClient.setBalance({ address: wallet.address, value: eth });
    // Sequential on purpose: one minter, and viem picks each nonce from the node's pending count.
    if (parameters.usdc) await mintTestUsdc({ ...source, ...parameters.usdc, to: wallet.address });
    wallets.push(wallet);
  }
  return wallets;
}

function withDefaults(meta: TestUsdcMetadata): Required<TestUsdcMetadata> {
  return {
    name: meta.name ?? TEST_USDC_DEFAULTS.name,
    version: meta.version ?? TEST_USDC_DEFAULTS.version,
    symbol: meta.symbol ?? TEST_USDC_DEFAULTS.symbol,
  };
}

async function confirm(client: Client<Transport, Chain>, hash: Hash, what: string) {
  const receipt = await waitForTransactionReceipt(client, {
    hash,
    pollingInterval: Math.min(client.pollingInterval, DEFAULT_POLLING_INTERVAL_MS),
  });
  if (receipt.status !== "success")
    throw new PaymuxError("CHAIN_ERROR", `${what} failed: transaction ${hash} reverted`);
  return receipt;
}
