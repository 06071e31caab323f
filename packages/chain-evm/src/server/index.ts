// @paymux/chain-evm/server: the payee role (offers, verification, settlement). Named re-exports only.

export type {
  /** How a payee reaches its networks: clients, RPC URLs, served networks. */
  EvmConnectionParameters,
  /** A viem client that can read the chain. */
  EvmReadClient,
  /** A settlement key: a viem Account or a WalletClient with one. */
  EvmSettler,
} from "./clients.js";
export {
  /** Every reason string exactEvmPayee reports (values of core's X402_REASONS). */
  EXACT_EVM_REASONS,
  /** Options of exactEvmPayee. */
  type ExactEvmPayeeParameters,
  /** Return type of exactEvmPayee. */
  type ExactEvmPayeeReturnType,
  /** Payee of `exact` (EIP-3009): offers, verification against the server's offer, settlement. */
  exactEvmPayee,
} from "./exact-payee.js";
export {
  /** Options of pushEvmPayee. */
  type PushEvmPayeeParameters,
  /** Return type of pushEvmPayee. */
  type PushEvmPayeeReturnType,
  /** Payee of `push` (IETF `hash`): verifies a client-broadcast ERC-20 transfer from its receipt. */
  pushEvmPayee,
} from "./push-payee.js";
