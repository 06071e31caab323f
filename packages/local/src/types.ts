import type { AssetInfo, OfferPreferences, SchemePayer } from "@paymux/core";
import type { LocalServerSetup } from "@paymux/core/server";
import type { LocalEvmChain } from "@paymux/testing/evm";
import type { StartedLocalSolana } from "@paymux/testing/solana";
import type { Address as SolanaAddress } from "@solana/kit";
import type { Address, Hex } from "viem";

/** Options of {@link startLocalPayments}. */
export type StartLocalPaymentsParameters = {
  /** Start anvil with the test USDC (default true); `impersonate: "base-sepolia"` runs as chain 84532. */
  evm?: boolean | { impersonate?: "base-sepolia" };
  /** Start the LiteSVM Solana RPC (default true); `impersonate: "devnet"` uses devnet's genesis and USDC mint. */
  solana?: boolean | { impersonate?: "devnet" };
};

/** The local EVM chain: testing's chain handle plus the receiving wallet and the token as an asset entry. */
export type LocalEvmPayments = LocalEvmChain & {
  /** Fresh receiving address (no key kept): where the payees' offers send funds on this chain. */
  recipient: Address;
  /** The test USDC as an `AssetInfo`, so "$0.001" and "0.001 USDC" resolve on this chain. */
  asset: AssetInfo;
};

/** The local Solana chain: testing's fixture handle plus the receiving wallet, sponsor and assets. */
export type LocalSolanaPayments = StartedLocalSolana & {
  /** The HTTP JSON-RPC URL (same as `url`), for other processes and SDKs. */
  rpcUrl: string;
  /** Fresh receiving address with a USDC associated token account. */
  recipient: SolanaAddress;
  /** The address of the fee payer that sponsors `exact` USDC payments. */
  feePayer: SolanaAddress;
  /** The USDC mint and native SOL as `AssetInfo`s. */
  assets: readonly AssetInfo[];
};

/** Options of {@link LocalPayments.createPayer}: decimal amounts to fund the new wallet with. */
export type CreateLocalPayerParameters = {
  /** Test USDC on every started chain (default "100"). */
  usdc?: string;
  /** SOL airdropped on Solana (default "10"). */
  sol?: string;
  /** ETH on the EVM chain (default "10"). */
  eth?: string;
};

/** A fresh funded wallet on the local chains, with ready payers. Its keys are throwaway test keys. */
export type LocalPayer = {
  evm?: { address: Address; privateKey: Hex };
  /** `secretKey` is the 64-byte Solana format (seed ‖ public key), as web3.js and the CLI take it. */
  solana?: { address: SolanaAddress; secretKey: Uint8Array };
  /** `exact` and `push` payers for each started chain, restricted to the local networks. */
  payers: SchemePayer[];
};

/** Native and USDC balances in atomic units (wei or lamports; USDC has 6 decimals). */
export type LocalBalances = { native: bigint; usdc: bigint };

/** Running local chains with payees, receiving wallets and a faucet for payer wallets. */
export type LocalPayments = LocalServerSetup & {
  evm?: LocalEvmPayments;
  solana?: LocalSolanaPayments;
  /** Creates a fresh wallet funded on every started chain, with its payers. */
  createPayer(parameters?: CreateLocalPayerParameters): Promise<LocalPayer>;
  /** Balances of `address` on one of the local networks (CAIP-2). */
  balances(address: string, network: string): Promise<LocalBalances>;
};

/** Options of {@link createZeroConfigPayers}. */
export type ZeroConfigParameters = {
  /**
   * CAIP-2 → RPC URL of the Solana test networks whose faucet funds the wallets. Defaults: devnet
   * `https://api.devnet.solana.com` (or env `PAYMUX_SOLANA_RPC_URL`), testnet `https://api.testnet.solana.com`.
   * Entries are merged over the defaults; a mainnet or non-Solana key is refused (CONFIG_INVALID).
   */
  solanaRpcUrls?: Readonly<Record<string, string>>;
  /** Lamports requested from the faucet per wallet (default 1 SOL). */
  airdropLamports?: bigint;
  /** Airdrop attempts in all before giving up (default 4). */
  faucetRetries?: number;
  /** Delay before the second attempt, doubling after each further one (default 500 ms). */
  faucetBackoffMs?: number;
  /** Bound on funding one faucet wallet: attempts, back-off and waiting for the airdrop to land (default 30 s). */
  faucetTimeoutMs?: number;
  /** The `fetch` used for Solana RPC calls (default: the global one). */
  fetch?: typeof fetch;
};

/** A wallet that zero-config mode created and funded. Only the address: keys never leave the payers. */
export type ZeroConfigWallet = { network: string; address: string };

/** What {@link createZeroConfigPayers} returns: lazy payers and the networks they may pay on. */
export type ZeroConfigPayers = {
  /** `exact` and `push` payers on `allowedNetworks`; each funds an ephemeral wallet on first use per network. */
  payers: SchemePayer[];
  /** Networks of running local chains, then the Solana faucet networks. Never a mainnet. */
  allowedNetworks: string[];
  /** Local networks before faucet ones and, when a faucet network is allowed, SOL before other assets. */
  preferences: OfferPreferences;
  /** The wallets funded so far, one per network. */
  wallets(): ZeroConfigWallet[];
};
