// Entry of @paymux/testing/evm: named re-exports only. compile.ts is deliberately absent (it needs solc).

export {
  /** A running anvil: rpcUrl, chainId, port, pid, dev keys, stop(). */
  type AnvilInstance,
  /** Locates the anvil binary shipped by `@foundry-rs/anvil` (or $PAYMUX_ANVIL_BIN). */
  resolveAnvilBinary,
  /** Options of startAnvil. */
  type StartAnvilParameters,
  /** Runs anvil on a free loopback port and resolves once it answers JSON-RPC. */
  startAnvil,
} from "./anvil.js";
export {
  /** ABI of the test USDC, typed for viem. */
  testUsdcAbi,
  /** Creation bytecode of the test USDC (constructor: name, version, symbol, owner). */
  testUsdcBytecode,
  /** Runtime bytecode of the test USDC, for anvil_setCode + initialize. */
  testUsdcDeployedBytecode,
} from "./artifact.js";
export {
  /** Public client for a local chain with the short polling interval. */
  createLocalPublicClient,
  /** Test client (anvil_* methods) for a local chain. */
  createLocalTestClient,
  /** Wallet client bound to one account on a local chain. */
  createLocalWalletClient,
  /** Short receipt polling interval (ms) used by every local client. */
  DEFAULT_POLLING_INTERVAL_MS,
  /** viem chain definition for a local anvil. */
  localEvmChain,
  /** An RPC URL or a viem client with a chain, accepted by every fixture. */
  type RpcSource,
  /** A viem private-key account that also exposes its key. */
  type TestAccount,
  /** Wraps a private key as a viem account that keeps its key. */
  testAccountFromPrivateKey,
} from "./clients.js";
export {
  /** Private keys of anvil's first 10 dev accounts. */
  ANVIL_DEV_PRIVATE_KEYS,
  /** anvil's default mnemonic ("test test … junk"). */
  ANVIL_MNEMONIC,
  /** Private keys of anvil's first n dev accounts. */
  anvilDevPrivateKeys,
} from "./dev-accounts.js";
export {
  /** Options of createFundedWallets. */
  type CreateFundedWalletsParameters,
  /** Creates random-key wallets funded with ETH and optionally test USDC. */
  createFundedWallets,
  /** Options of deployTestUsdc. */
  type DeployTestUsdcParameters,
  /** Deploys a fresh test USDC. */
  deployTestUsdc,
  /** Options of fundEth. */
  type FundEthParameters,
  /** Sets a native balance with anvil_setBalance. */
  fundEth,
  /** Options of installTestUsdcAt. */
  type InstallTestUsdcAtParameters,
  /** Places the test USDC at a chosen address (anvil_setCode) and initializes it. */
  installTestUsdcAt,
  /** Options of mintTestUsdc. */
  type MintTestUsdcParameters,
  /** Mints test USDC. */
  mintTestUsdc,
  /** Default test USDC metadata: name "USDC", version "2", symbol "USDC". */
  TEST_USDC_DEFAULTS,
  /** Optional token name, version and symbol. */
  type TestUsdcMetadata,
} from "./fixtures.js";
export {
  /** Base Sepolia's chain id, 84532. */
  BASE_SEPOLIA_CHAIN_ID,
  /** Circle's USDC address on Base Sepolia. */
  BASE_SEPOLIA_USDC_ADDRESS,
  /** What startLocalEvmChain returns. */
  type LocalEvmChain,
  /** deployer / settler / payer / payee, by role. */
  type LocalEvmRoles,
  /** The local chain's token and its EIP-712 domain. */
  type LocalUsdc,
  /** Options of startLocalEvmChain. */
  type StartLocalEvmChainParameters,
  /** Starts anvil with a test USDC, funded role accounts and clients (optionally impersonating Base Sepolia). */
  startLocalEvmChain,
} from "./local-chain.js";
