// @paymux/chain-solana/client: the payer role. Never imports verification or settlement code, so a browser
// payer bundles only building and signing. Named re-exports only.

export {
  /** Options of exactSolanaPayer. */
  type ExactSolanaPayerParameters,
  /** Return type of exactSolanaPayer. */
  type ExactSolanaPayerReturnType,
  /** Payer of `exact` on Solana: a sponsored (partially signed) or self-paid TransferChecked / System transfer. */
  exactSolanaPayer,
} from "./exact-payer.js";
export {
  /** Options of pushSolanaPayer. */
  type PushSolanaPayerParameters,
  /** Return type of pushSolanaPayer. */
  type PushSolanaPayerReturnType,
  /** Payer of `push` on Solana: broadcasts the transfer itself and hands over its signature. */
  pushSolanaPayer,
} from "./push-payer.js";
export {
  /** A web3.js 1.x Keypair, or anything exposing its 64-byte `secretKey`. */
  type SecretKeyHolder,
  /** Every accepted signer shape. */
  type SolanaSignerSource,
  /** Normalizes a kit signer, a web3.js Keypair or 64 secret key bytes to a kit signer. */
  toSolanaSigner,
} from "./signer.js";
