// @paymux/chain-solana: role-neutral Solana facts. Payers import `@paymux/chain-solana/client`, payees
// `@paymux/chain-solana/server`; this entry holds only what both sides agree on. Named re-exports only.

export {
  /** Derives the associated token account of an owner for a mint under a token program. */
  associatedTokenAddress,
} from "./ata.js";
export {
  /** How a confirmation wait ended. */
  type ConfirmationOutcome,
  /** Options of waitForConfirmation. */
  type WaitForConfirmationParameters,
  /** Polls getSignatureStatuses until a transaction is confirmed, failed or the wait times out. */
  waitForConfirmation,
} from "./confirm.js";
export {
  /** The Associated Token Account program. */
  ASSOCIATED_TOKEN_PROGRAM,
  /** The ComputeBudget program. */
  COMPUTE_BUDGET_PROGRAM,
  /** Compute-unit limit the `exact` payer requests (20,000). */
  DEFAULT_COMPUTE_UNIT_LIMIT,
  /** Compute-unit price the `exact` payer offers, in microlamports (1). */
  DEFAULT_COMPUTE_UNIT_PRICE,
  /** Default cap on the compute-unit limit a sponsoring payee accepts (200,000). */
  DEFAULT_MAX_COMPUTE_UNIT_LIMIT,
  /** Default cap on the compute-unit price a sponsoring payee accepts, in microlamports (5,000,000). */
  DEFAULT_MAX_COMPUTE_UNIT_PRICE,
  /** True when a program id is SPL Token or Token-2022. */
  isTokenProgram,
  /** Lighthouse, the assertion program wallets append to transactions. */
  LIGHTHOUSE_PROGRAM,
  /** The SPL Memo program. */
  MEMO_PROGRAM,
  /** Token-2022 as a kit Address. */
  SPL_TOKEN_2022_PROGRAM,
  /** SPL Token as a kit Address. */
  SPL_TOKEN_PROGRAM,
  /** The System program. */
  SYSTEM_PROGRAM,
} from "./constants.js";
export {
  /** Synchronous SHA-256. */
  sha256,
} from "./hash.js";
export {
  /** A mint's owner program and decimals. */
  type MintInfo,
  /** Reads a mint's token program, decimals and Token-2022 transfer fee from the chain. */
  readMint,
  /** A Token-2022 transfer fee (basis points, maximum fee). */
  type TransferFee,
} from "./mint.js";
export type {
  /** A kit Solana RPC. */
  SolanaRpc,
  /** One RPC for every Solana network, or one per CAIP-2 id. */
  SolanaRpcs,
} from "./rpc.js";
export {
  /** A wire transaction taken apart: signatures, compiled message, message hash. */
  type DecodedTransaction,
  /** Decodes a standard-base64 wire transaction. */
  decodeWireTransaction,
  /** The Solana wire size limit of one transaction (1232 bytes). */
  MAX_TRANSACTION_BYTES,
  /** SHA-256 (hex) of message bytes: the duplicate-settlement and replay key of `exact`. */
  messageHash,
  /** SHA-256 (hex) of the message of a base64 wire transaction. */
  transactionMessageHash,
} from "./wire.js";
