// The public API of @paymux/testing/solana.
export type {
  /** An account as the engine reads it. */
  AccountSnapshot,
} from "./accounts.js";
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
} from "./constants.js";
export type {
  /** Options of createSolanaEngine. */
  CreateSolanaEngineParameters,
  /** An account to write directly with engine.setAccount. */
  SetAccountParameters,
  /** A LiteSVM-backed Solana JSON-RPC engine with test controls. */
  SolanaEngine,
} from "./engine.js";
export {
  /** Creates a Solana JSON-RPC engine over LiteSVM. */
  createSolanaEngine,
} from "./engine.js";
export type {
  /** The error member of a JSON-RPC error response. */
  JsonRpcErrorObject,
  /** An Error carrying the JSON-RPC error the engine answers with. */
  SolanaRpcError,
  /** A transaction error in the RPC's JSON shape. */
  TransactionErrorJson,
} from "./errors.js";
export {
  /** Tells whether a thrown value is an engine RPC error. */
  isRpcError,
  /** JSON-RPC error codes used by the Solana RPC. */
  RPC_ERROR_CODES,
} from "./errors.js";
export type {
  /** Options of createLocalSolana (devnet impersonation, wallets, funding). */
  CreateLocalSolanaParameters,
  /** A token mint known to the fixture. */
  LocalMint,
  /** The fixture object returned by createLocalSolana. */
  LocalSolana,
  /** A funded fixture wallet with its token accounts. */
  LocalWallet,
  /** The fixture object returned by startLocalSolana. */
  StartedLocalSolana,
} from "./fixtures.js";
export {
  /** A local chain with kit rpc, USDC-like and Token-2022 mints and funded wallets. */
  createLocalSolana,
  /** createLocalSolana plus the HTTP JSON-RPC server. */
  startLocalSolana,
} from "./fixtures.js";
export type {
  /** Options of a fixture's createMint. */
  CreateMintParameters,
} from "./fixtures-token.js";
export type {
  /** A running HTTP JSON-RPC server: url, port, close(). */
  SolanaRpcServer,
  /** Options of startSolanaRpcServer (port, host, body cap). */
  StartSolanaRpcServerParameters,
} from "./http-server.js";
export {
  /** Serves an engine over HTTP JSON-RPC on a loopback port. */
  startSolanaRpcServer,
} from "./http-server.js";
export {
  /** Parses JSON, keeping integers beyond 2^53 as bigint. */
  parseJson,
  /** Serializes JSON, writing bigints as bare integers. */
  stringifyJson,
} from "./json.js";
export type {
  /** A JSON-RPC request id. */
  JsonRpcId,
  /** A JSON-RPC 2.0 response envelope. */
  JsonRpcResponse,
} from "./json-rpc.js";
export {
  /** Answers a JSON-RPC message (single or batch) from an engine, for custom transports. */
  handleJsonRpcMessage,
} from "./json-rpc.js";
export type {
  /** A processed transaction as the engine records it. */
  TransactionRecord,
} from "./records.js";
export type {
  /** Options of sendInstructions. */
  SendInstructionsParameters,
  /** Options of waitForSignature. */
  WaitForSignatureParameters,
} from "./send.js";
export {
  /** Builds, signs, sends and confirms instructions with kit over plain RPC. */
  sendInstructions,
  /** Polls getSignatureStatuses until a transaction is confirmed or failed. */
  waitForSignature,
} from "./send.js";
export {
  /** A kit Rpc served in-process by an engine. */
  createLocalSolanaRpc,
  /** A kit RpcTransport that answers from an engine in-process. */
  createLocalSolanaTransport,
} from "./transport.js";
