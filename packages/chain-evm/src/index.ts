// @paymux/chain-evm: role-neutral EIP-3009 facts. Payers import `@paymux/chain-evm/client`, payees
// `@paymux/chain-evm/server`; this entry holds only what both sides agree on. Named re-exports only.

export {
  /** ABI fragment of an EIP-3009 ERC-20 (both `transferWithAuthorization` overloads, reads, `transfer`, `Transfer`). */
  eip3009Abi,
  /** topic0 of `Transfer(address,address,uint256)`. */
  TRANSFER_EVENT_TOPIC,
} from "./abi.js";
export {
  /** keccak256(utf8(id) ‖ utf8(realm)): the IETF Payment `evm` authorization nonce. */
  challengeHash,
  /** `validBefore` offset an IETF payer uses when the challenge has no `expires`. */
  DEFAULT_PAYMENT_AUTH_VALIDITY_SECONDS,
  /** EIP-712 `name`/`version` from an offer's `extra`. */
  domainFromExtra,
  /** The EIP-712 domain of an EIP-3009 token. */
  type Eip3009Domain,
  /** `did:pkh:eip155:<chainId>:<checksummed address>`. */
  evmDidPkh,
  /** The type hash of `TransferWithAuthorization`. */
  TRANSFER_WITH_AUTHORIZATION_TYPEHASH,
  /** EIP-712 types of `TransferWithAuthorization`. */
  TRANSFER_WITH_AUTHORIZATION_TYPES,
  /** An EIP-3009 transfer message (bigint amounts and times). */
  type TransferAuthorization,
  /** Complete typed data of one authorization. */
  type TransferWithAuthorizationTypedData,
  /** Builds the typed data of one authorization. */
  transferWithAuthorizationTypedData,
  /** Seconds an x402 payer back-dates `validAfter`. */
  VALID_AFTER_SKEW_SECONDS,
  /** Seconds before `validBefore` after which a payee refuses an authorization. */
  VALID_BEFORE_BUFFER_SECONDS,
} from "./eip3009.js";
export {
  /** EVM networks known out of the box (Base, Base Sepolia, anvil). */
  EVM_NETWORKS,
  /** One entry of {@link EVM_NETWORKS}. */
  type EvmNetworkInfo,
} from "./networks.js";
