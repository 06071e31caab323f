// EIP-3009 facts both roles share: the typed data a payer signs is the typed data a payee verifies, so it is
// built by one function here instead of twice (a field-order slip would change the type hash silently).
import { type Address, concat, getAddress, type Hex, keccak256, stringToBytes } from "viem";

/** EIP-712 types of `TransferWithAuthorization` (field order is part of the type hash). */
export const TRANSFER_WITH_AUTHORIZATION_TYPES = {
  TransferWithAuthorization: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "validAfter", type: "uint256" },
    { name: "validBefore", type: "uint256" },
    { name: "nonce", type: "bytes32" },
  ],
} as const;

/** keccak256 of the `TransferWithAuthorization(...)` type string (x402.md §4.3). */
export const TRANSFER_WITH_AUTHORIZATION_TYPEHASH =
  "0x7c7c6cdb67a18743f49ec6fa9b35f50d52ed05cbed4cc592e13b44501c1a2267" as const;

/** x402 clients back-date `validAfter` by this much so a payee whose clock runs behind still accepts it. */
export const VALID_AFTER_SKEW_SECONDS = 600;

/** A payee refuses authorizations that expire within this many seconds: settlement needs a block. */
export const VALID_BEFORE_BUFFER_SECONDS = 6;

/** `validBefore` an IETF payer uses when the challenge has no `expires` (what mppx does). */
export const DEFAULT_PAYMENT_AUTH_VALIDITY_SECONDS = 300;

/** The EIP-712 domain of an EIP-3009 token. */
export type Eip3009Domain = {
  name: string;
  version: string;
  chainId: number;
  verifyingContract: Address;
};

/** The signed message of an EIP-3009 transfer, in atomic units and unix seconds. */
export type TransferAuthorization = {
  from: Address;
  to: Address;
  value: bigint;
  validAfter: bigint;
  validBefore: bigint;
  nonce: Hex;
};

/** A complete `TransferWithAuthorization` typed-data definition, ready for `signTypedData`. */
export type TransferWithAuthorizationTypedData = {
  domain: Eip3009Domain;
  types: typeof TRANSFER_WITH_AUTHORIZATION_TYPES;
  primaryType: "TransferWithAuthorization";
  message: TransferAuthorization;
};

/** Builds the typed data of one authorization. */
export function transferWithAuthorizationTypedData(
  domain: Eip3009Domain,
  message: TransferAuthorization,
): TransferWithAuthorizationTypedData {
  return {
    domain,
    types: TRANSFER_WITH_AUTHORIZATION_TYPES,
    primaryType: "TransferWithAuthorization",
    message,
  };
}

/**
 * IETF Payment `evm` nonce: keccak256(utf8(id) ‖ utf8(realm)) (Solidity `abi.encodePacked(string,string)`),
 * which makes an authorization payable against exactly one challenge.
 */
export function challengeHash(id: string, realm: string): Hex {
  return keccak256(concat([stringToBytes(id), stringToBytes(realm)]));
}

/** The `did:pkh` an IETF credential names as its `source` (checksummed address, as mppx compares it). */
export function evmDidPkh(chainId: number, address: string): string {
  return `did:pkh:eip155:${chainId}:${getAddress(address.toLowerCase())}`;
}

/** EIP-712 `name`/`version` from an offer's `extra`, when both are strings. */
export function domainFromExtra(
  extra: Readonly<Record<string, unknown>> | undefined,
): { name: string; version: string } | undefined {
  const name = extra?.["name"];
  const version = extra?.["version"];
  return typeof name === "string" && typeof version === "string" && name && version
    ? { name, version }
    : undefined;
}
