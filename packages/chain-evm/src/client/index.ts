// @paymux/chain-evm/client: the payer role. Never imports verification or settlement code, so a browser
// payer bundles only signing. Named re-exports only.

export {
  /** The part of the Coinbase SDK's `PayloadSignature` the adapter reads. */
  type CoinbasePayloadSignatureLike,
  /** The part of the Coinbase SDK's `WalletAddress` the adapter uses. */
  type CoinbaseWalletAddressLike,
  /** The part of the Coinbase SDK's `Wallet` the adapter uses. */
  type CoinbaseWalletLike,
  /** Options of fromCoinbaseWallet. */
  type FromCoinbaseWalletParameters,
  /** A Coinbase SDK wallet or address as an {@link EvmSigner}. */
  fromCoinbaseWallet,
} from "./coinbase.js";
export {
  /** Options of exactEvmPayer. */
  type ExactEvmPayerParameters,
  /** Return type of exactEvmPayer. */
  type ExactEvmPayerReturnType,
  /** Payer of `exact` (EIP-3009) on any EIP-155 chain, in x402 and IETF Payment form. */
  exactEvmPayer,
} from "./exact-payer.js";
export {
  /** Options of pushEvmPayer. */
  type PushEvmPayerParameters,
  /** Payer of `push`: sends an ERC-20 transfer and hands over its hash. */
  pushEvmPayer,
} from "./push-payer.js";
export {
  /** What the exact payer signs with: an address and EIP-712 signing. */
  type EvmSigner,
  /** Every accepted signer shape. */
  type EvmSignerSource,
  /** A viem wallet client with an account. */
  type EvmWalletClientLike,
  /** Normalizes a viem account, wallet client or `{ address, signTypedData }` to an EvmSigner. */
  toEvmSigner,
} from "./signer.js";
