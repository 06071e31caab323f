// @paymux/chain-solana/server: the payee role (offers, verification, settlement). Named re-exports only.

export {
  /** Options of exactSolanaPayee. */
  type ExactSolanaPayeeParameters,
  /** Return type of exactSolanaPayee. */
  type ExactSolanaPayeeReturnType,
  /** Payee of `exact` on Solana: sponsored TransferChecked verified by x402 §5.3 rules, co-signed and settled. */
  exactSolanaPayee,
} from "./exact-payee.js";
export {
  /** Options of pushSolanaPayee. */
  type PushSolanaPayeeParameters,
  /** Return type of pushSolanaPayee. */
  type PushSolanaPayeeReturnType,
  /** Payee of `push` on Solana: verifies a client-broadcast SOL or SPL transfer by its signature. */
  pushSolanaPayee,
} from "./push-payee.js";
