// @paymux/testing: the EVM and Solana local chains. Prefer the subpaths `@paymux/testing/evm` and
// `@paymux/testing/solana` so that a test loads only the chain it uses; this entry re-exports both by name.

export {
  /** A running anvil: rpcUrl,
  chainId,
  port,
  pid,
  dev keys,
  stop(). */
  type AnvilInstance,
  /** Locates the anvil binary shipped by `@foundry-rs/anvil` (or $PAYMUX_ANVIL_BIN). */
  resolveAnvilBinary,
  /** Options of startAnvil. */
  type StartAnvilParameters,
  /** Runs anvil on a free loopback port and resolves once it answers JSON-RPC. */
  startAnvil,
} from "./evm/anvil.js";
export {
  /** ABI of the test USDC,
  typed for viem. */
  testUsdcAbi,
  /** Creation bytecode of the test USDC (constructor: name,
  version,
  symbol,
  owner). */
  testUsdcBytecode,
  /** Runtime bytecode of the test USDC,
  for anvil_setCode + initialize. */
  testUsdcDeployedBytecode,
} from "./evm/artifact.js";
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
  /** An RPC URL or a viem client with a chain,
  accepted by every fixture. */
  type RpcSource,
  /** A viem private-key account that also exposes its key. */
  type TestAccount,
  /** Wraps a private key as a viem account that keeps its key. */
  testAccountFromPrivateKey,
} from "./evm/clients.js";
export {
  /** Private keys of anvil's first 10 dev accounts. */
  ANVIL_DEV_PRIVATE_KEYS,
  /** anvil's default mnemonic ("test test … junk"). */
  ANVIL_MNEMONIC,
  /** Private keys of anvil's first n dev accounts. */
  anvilDevPrivateKeys,
} from "./evm/dev-accounts.js";
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
  /** Default test USDC metadata: name "USDC",
  version "2",
  symbol "USDC". */
  TEST_USDC_DEFAULTS,
  /** Optional token name,
  version and symbol. */
  type TestUsdcMetadata,
} from "./evm/fixtures.js";
export {
  /** Base Sepolia's chain id,
  84532. */
  BASE_SEPOLIA_CHAIN_ID,
  /** Circle's USDC address on Base Sepolia. */
  BASE_SEPOLIA_USDC_ADDRESS,
  /** What startLocalEvmChain returns. */
  type LocalEvmChain,
  /** deployer / settler / payer / payee,
  by role. */
  type LocalEvmRoles,
  /** The local chain's token and its EIP-712 domain. */
  type LocalUsdc,
  /** Options of startLocalEvmChain. */
  type StartLocalEvmChainParameters,
  /** Starts anvil with a test USDC,
  funded role accounts and clients (optionally impersonating Base Sepolia). */
  startLocalEvmChain,
} from "./evm/local-chain.js";
export {
  type PayPaymentAuthParameters,
  payLegacy,
  payPaymentAuth,
  payX402,
  type RoundTrip,
  TEST_CHALLENGE_SECRET,
  withPayload,
} from "./payments/index.js";
export { getFreePort, type RedisServer, startRedisServer } from "./redis/index.js";
export type {
  /** An account as the engine reads it. */
  AccountSnapshot,
} from "./solana/accounts.js";
export {
  /** The Associated Token Account program address. */
  ASSOCIATED_TOKEN_PROGRAM,
  /** The CAIP-2 id (solana:<first 32 chars>) of a genesis hash. */
  caip2FromGenesisHash,
  /** Devnet's genesis hash. */
  DEVNET_GENESIS_HASH,
  /** Circle's devnet USDC mint address. */
  DEVNET_USDC_MINT,
  /** The SPL Memo program address. */
  MEMO_PROGRAM,
  /** paymux's fixed localnet genesis hash. */
  PAYMUX_LOCALNET_GENESIS_HASH,
  /** The System program address. */
  SYSTEM_PROGRAM,
  /** The Token-2022 program address. */
  TOKEN_2022_PROGRAM,
  /** The SPL Token program address. */
  TOKEN_PROGRAM,
} from "./solana/constants.js";
export type {
  /** Options of createSolanaEngine. */
  CreateSolanaEngineParameters,
  /** An account to write directly with engine.setAccount. */
  SetAccountParameters,
  /** A LiteSVM-backed Solana JSON-RPC engine with test controls. */
  SolanaEngine,
} from "./solana/engine.js";
export {
  /** Creates a Solana JSON-RPC engine over LiteSVM. */
  createSolanaEngine,
} from "./solana/engine.js";
export type {
  /** The error member of a JSON-RPC error response. */
  JsonRpcErrorObject,
  /** An Error carrying the JSON-RPC error the engine answers with. */
  SolanaRpcError,
  /** A transaction error in the RPC's JSON shape. */
  TransactionErrorJson,
} from "./solana/errors.js";
export {
  /** Tells whether a thrown value is an engine RPC error. */
  isRpcError,
  /** JSON-RPC error codes used by the Solana RPC. */
  RPC_ERROR_CODES,
} from "./solana/errors.js";
export type {
  /** Options of createLocalSolana (devnet impersonation,
  wallets,
  funding). */
  CreateLocalSolanaParameters,
  /** A token mint known to the fixture. */
  LocalMint,
  /** The fixture object returned by createLocalSolana. */
  LocalSolana,
  /** A funded fixture wallet with its token accounts. */
  LocalWallet,
  /** The fixture object returned by startLocalSolana. */
  StartedLocalSolana,
} from "./solana/fixtures.js";
export {
  /** A local chain with kit rpc,
  USDC-like and Token-2022 mints and funded wallets. */
  createLocalSolana,
  /** createLocalSolana plus the HTTP JSON-RPC server. */
  startLocalSolana,
} from "./solana/fixtures.js";
export type {
  /** Options of a fixture's createMint. */
  CreateMintParameters,
} from "./solana/fixtures-token.js";
export type {
  /** A running HTTP JSON-RPC server: url,
  port,
  close(). */
  SolanaRpcServer,
  /** Options of startSolanaRpcServer (port,
  host,
  body cap). */
  StartSolanaRpcServerParameters,
} from "./solana/http-server.js";
export {
  /** Serves an engine over HTTP JSON-RPC on a loopback port. */
  startSolanaRpcServer,
} from "./solana/http-server.js";
export {
  /** Parses JSON,
  keeping integers beyond 2^53 as bigint. */
  parseJson,
  /** Serializes JSON,
  writing bigints as bare integers. */
  stringifyJson,
} from "./solana/json.js";
export type {
  /** A JSON-RPC request id. */
  JsonRpcId,
  /** A JSON-RPC 2.0 response envelope. */
  JsonRpcResponse,
} from "./solana/json-rpc.js";
export {
  /** Answers a JSON-RPC message (single or batch) from an engine,
  for custom transports. */
  handleJsonRpcMessage,
} from "./solana/json-rpc.js";
export type {
  /** A processed transaction as the engine records it. */
  TransactionRecord,
} from "./solana/records.js";
export type {
  /** Options of sendInstructions. */
  SendInstructionsParameters,
  /** Options of waitForSignature. */
  WaitForSignatureParameters,
} from "./solana/send.js";
export {
  /** Builds,
  signs,
  sends and confirms instructions with kit over plain RPC. */
  sendInstructions,
  /** Polls getSignatureStatuses until a transaction is confirmed or failed. */
  waitForSignature,
} from "./solana/send.js";
export {
  /** A kit Rpc served in-process by an engine. */
  createLocalSolanaRpc,
  /** A kit RpcTransport that answers from an engine in-process. */
  createLocalSolanaTransport,
} from "./solana/transport.js";
