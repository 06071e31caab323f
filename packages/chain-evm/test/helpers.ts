// Test helpers: every payment here travels through core's real codecs (header encode → decode), so the
// tests exercise what a server would receive, not hand-built Payment objects.
import type { AssetInfo, Offer, SchemePayer } from "@paymux/core";
import type { LocalEvmChain } from "@paymux/testing/evm";
import {
  type PayPaymentAuthParameters,
  payPaymentAuth as payThroughPaymentAuth,
} from "@paymux/testing/payments";

import type { Address } from "viem";
import { eip3009Abi } from "../src/abi.js";
import { evmDidPkh } from "../src/eip3009.js";

export { payX402, withPayload } from "@paymux/testing/payments";

/** The local chain's test USDC as an asset entry (it is in no built-in table on chain 31337). */
export function localUsdc(local: LocalEvmChain): AssetInfo {
  return {
    network: local.caip2,
    address: local.usdc.address,
    symbol: "USDC",
    decimals: 6,
    usd: true,
    eip712: { name: local.usdc.name, version: local.usdc.version },
  };
}

/** Options of {@link payPaymentAuth}. */
export type PayPaymentAuthOptions = Omit<PayPaymentAuthParameters, "source"> & {
  /** Send `source` as the payer's did:pkh (default true), or this exact string. */
  source?: boolean | string;
};

/** Pays `serverOffer` in IETF Payment form, with `source` as the payer's did:pkh unless told otherwise. */
export function payPaymentAuth(
  payer: SchemePayer,
  serverOffer: Offer,
  chainId: number,
  options: PayPaymentAuthOptions = {},
) {
  const { source, ...rest } = options;
  return payThroughPaymentAuth(payer, serverOffer, {
    ...rest,
    source:
      source === false ? false : typeof source === "string" ? source : (from) => evmDidPkh(chainId, from),
  });
}

/** Token balance of `owner`. */
export function balanceOf(local: LocalEvmChain, owner: Address, token: Address = local.usdc.address) {
  return local.publicClient.readContract({
    address: token,
    abi: eip3009Abi,
    functionName: "balanceOf",
    args: [owner],
  });
}
