// @paymux/local: paymux on local chains with no configuration. Named re-exports only.

export {
  /** The zero-config server setup (payees, payTo, networks, assets, stop) that core loads by this name. */
  createLocalServerSetup,
  /** Starts anvil and the LiteSVM Solana RPC with payees, receiving wallets and a payer faucet. */
  startLocalPayments,
} from "./local.js";
export {
  /** The local setups started in this process and not yet stopped (shared by every copy of the package). */
  runningLocalPayments,
} from "./registry.js";
export type {
  /** Options of LocalPayments.createPayer: decimal USDC, SOL and ETH to fund the wallet with. */
  CreateLocalPayerParameters,
  /** Native and USDC balances in atomic units. */
  LocalBalances,
  /** The local EVM chain with its receiving address and test USDC asset. */
  LocalEvmPayments,
  /** A fresh funded wallet on the local chains with its payers. */
  LocalPayer,
  /** What startLocalPayments returns: the server setup plus chain handles, createPayer and balances. */
  LocalPayments,
  /** The local Solana chain with its RPC URL, receiving address, fee payer and assets. */
  LocalSolanaPayments,
  /** Options of startLocalPayments. */
  StartLocalPaymentsParameters,
  /** Options of createZeroConfigPayers: faucet RPC URLs, airdrop size, retries, back-off, fetch. */
  ZeroConfigParameters,
  /** What createZeroConfigPayers returns: lazy payers, allowed networks, preferences and funded wallets. */
  ZeroConfigPayers,
  /** A wallet zero-config mode funded: its network and address. */
  ZeroConfigWallet,
} from "./types.js";
export {
  /** Lazy payers that fund ephemeral wallets from running local chains or a Solana faucet; never mainnet. */
  createZeroConfigPayers,
} from "./zero-config.js";
