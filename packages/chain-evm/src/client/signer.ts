import { PaymuxError } from "@paymux/core";
import { type Account, type Address, getAddress, type Hex, isAddress } from "viem";
import type { TransferWithAuthorizationTypedData } from "../eip3009.js";

/** What the exact payer needs from a wallet: an address and EIP-712 signing. */
export type EvmSigner = {
  readonly address: Address;
  signTypedData(typedData: TransferWithAuthorizationTypedData): Promise<Hex>;
};

/**
 * A viem `WalletClient` (or anything shaped like one) with an account attached. Its `signTypedData` has the
 * same parameter as {@link EvmSigner}'s, so an inline `{ address, signTypedData: (typedData) => … }` still
 * gets its parameter type from the union.
 */
export type EvmWalletClientLike = {
  readonly account: Account | undefined;
  signTypedData(typedData: TransferWithAuthorizationTypedData): Promise<Hex>;
};

/** Anything that can sign for the exact payer: a viem `LocalAccount`, a `WalletClient`, or `{ address, signTypedData }`. */
export type EvmSignerSource =
  | { readonly address: string; signTypedData(typedData: TransferWithAuthorizationTypedData): Promise<Hex> }
  | EvmWalletClientLike;

/**
 * Normalizes every accepted signer shape to {@link EvmSigner}. A wallet client is recognised by its
 * `account` field, because a `LocalAccount` and a hand-written signer carry `address` directly.
 */
export function toEvmSigner(source: EvmSignerSource): EvmSigner {
  if ("address" in source && typeof source.address === "string") {
    if (!isAddress(source.address, { strict: false })) {
      throw new PaymuxError("CONFIG_INVALID", "Signer address is not an EVM address");
    }
    const address = getAddress(source.address.toLowerCase());
    return { address, signTypedData: (typedData) => source.signTypedData(typedData) };
  }
  if ("account" in source) {
    const account = source.account;
    if (!account) {
      throw new PaymuxError("CONFIG_INVALID", "The wallet client has no account: create it with `account`");
    }
    return {
      address: getAddress(account.address.toLowerCase()),
      signTypedData: (typedData) => {
        // The account is passed explicitly too: a client whose account was attached later still signs with it.
        const parameters = { ...typedData, account };
        return source.signTypedData(parameters);
      },
    };
  }
  throw new PaymuxError(
    "CONFIG_INVALID",
    "Unsupported EVM signer: pass a viem account, a wallet client, or { address, signTypedData }",
  );
}
