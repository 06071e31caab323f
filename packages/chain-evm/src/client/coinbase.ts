// Adapter for @coinbase/coinbase-sdk (an optional peer). Only structural types are used, so this module
// never imports the SDK: payers who do not use it do not bundle it, and its types never leak into ours.
import { PaymuxError } from "@paymux/core";
import { type Address, getAddress, type Hex, hashTypedData, isAddress, isHex, size } from "viem";
import type { TransferWithAuthorizationTypedData } from "../eip3009.js";
import type { EvmSigner } from "./signer.js";

/** The part of the SDK's `PayloadSignature` the adapter reads. */
export type CoinbasePayloadSignatureLike = {
  getSignature(): string | undefined;
  getStatus(): string | undefined;
  wait(options?: {
    intervalSeconds?: number;
    timeoutSeconds?: number;
  }): Promise<CoinbasePayloadSignatureLike>;
};

/** The part of the SDK's `WalletAddress` the adapter uses. */
export type CoinbaseWalletAddressLike = {
  getId(): string;
  createPayloadSignature(unsignedPayload: string): Promise<CoinbasePayloadSignatureLike>;
};

/** The part of the SDK's `Wallet` the adapter uses. */
export type CoinbaseWalletLike = { getDefaultAddress(): Promise<CoinbaseWalletAddressLike> };

/** Options of {@link fromCoinbaseWallet}. */
export type FromCoinbaseWalletParameters = {
  /** How long to wait for a Server-Signer to sign (default 30 s). */
  timeoutSeconds?: number;
};

/**
 * Makes a Coinbase SDK `Wallet` (its default address) or `WalletAddress` usable as the exact payer's signer.
 * The SDK signs raw 32-byte payloads, so the EIP-712 digest is computed here (`hashTypedData`) and sent as
 * the payload to sign; with a developer-managed key the SDK signs locally, with a Server-Signer remotely.
 */
export async function fromCoinbaseWallet(
  walletOrAddress: CoinbaseWalletLike | CoinbaseWalletAddressLike,
  parameters: FromCoinbaseWalletParameters = {},
): Promise<EvmSigner> {
  const walletAddress =
    "getDefaultAddress" in walletOrAddress ? await walletOrAddress.getDefaultAddress() : walletOrAddress;
  const id = walletAddress.getId();
  if (!isAddress(id, { strict: false })) {
    throw new PaymuxError("CONFIG_INVALID", "The Coinbase wallet address is not an EVM address");
  }
  const address: Address = getAddress(id.toLowerCase());
  return {
    address,
    async signTypedData(typedData: TransferWithAuthorizationTypedData): Promise<Hex> {
      let signed = await walletAddress.createPayloadSignature(hashTypedData(typedData));
      if (signed.getSignature() === undefined && signed.getStatus() !== "failed") {
        signed = await signed.wait({ timeoutSeconds: parameters.timeoutSeconds ?? 30 });
      }
      const signature = signed.getSignature();
      if (signed.getStatus() === "failed" || signature === undefined) {
        throw new PaymuxError("CHAIN_ERROR", "The Coinbase SDK did not return a signature", {
          context: { status: signed.getStatus() ?? "unknown" },
        });
      }
      return normalizeSignature(signature);
    },
  };
}

// EIP-3009 tokens take v as 27/28; some signers return the y-parity (0/1) instead.
function normalizeSignature(signature: string): Hex {
  const hex = (signature.startsWith("0x") ? signature : `0x${signature}`) as Hex;
  if (!isHex(hex) || size(hex) !== 65) {
    throw new PaymuxError("CHAIN_ERROR", "The Coinbase SDK returned a malformed signature");
  }
  const v = Number.parseInt(hex.slice(130), 16);
  return v < 27 ? (`${hex.slice(0, 130)}${(v + 27).toString(16)}` as Hex) : hex;
}
