// @paymux/local: paymux on local chains with no configuration. Named re-exports only.

export {
  /** The zero-config server setup (payees, payTo, networks, assets, stop) that core loads by this name. */
  createLocalServerSetup,
  /** Starts anvil and the LiteSVM Solana RPC with payees, receiving wallets and a payer faucet. */
  startLocalPayments,
} from "./local.js";
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
} from "./types.js";
