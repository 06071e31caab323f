import {
  type AssetInfo,
  type CreateOfferParameters,
  findAsset,
  MAX_UINT256,
  type Offer,
  PaymuxError,
  parseCaip2,
  resolvePrice,
} from "@paymux/core";
import { isAddress } from "viem";
import { domainFromExtra } from "../eip3009.js";

/** How a scheme turns a price into an offer. */
export type EvmOfferRules = {
  scheme: "exact" | "push";
  /** Networks the payee serves. */
  networks: ReadonlySet<string>;
  /** The payee's own assets (searched after the call's `assets`). */
  assets: readonly AssetInfo[];
  defaultTimeoutSeconds: number;
  /** `exact` needs the token's EIP-712 domain in `extra`; `push` takes any ERC-20. */
  requireDomain: boolean;
};

/**
 * Price → offer with core's `resolvePrice` (a USD price resolves to the network's USDC). Returns undefined
 * for networks this payee does not serve or prices it cannot take there; throws for misconfiguration
 * (a bad `payTo`, a token without a known EIP-712 domain) so it surfaces at the first request, loudly.
 */
export function createEvmOffer(parameters: CreateOfferParameters, rules: EvmOfferRules): Offer | undefined {
  const { network } = parameters;
  if (!rules.networks.has(network) || parseCaip2(network).namespace !== "eip155") return undefined;
  const assets = [...(parameters.assets ?? []), ...rules.assets];
  const resolved = resolvePrice(parameters.price, network, { assets });
  if (!resolved) return undefined;
  // An atomic price is any bigint: past uint256 no token can move it, and a client that encodes it modulo
  // 2^256 would sign for a wrapped (tiny) amount. A 402 must never offer it.
  if (resolved.amount <= 0n || resolved.amount > MAX_UINT256) {
    throw new PaymuxError("AMOUNT_OUT_OF_RANGE", "The price is not a positive uint256 amount", {
      context: { network, digits: resolved.amount.toString().length },
    });
  }
  if (!isAddress(parameters.payTo, { strict: false })) {
    throw new PaymuxError("CONFIG_INVALID", "payTo is not an EVM address", { context: { network } });
  }
  if (!isAddress(resolved.asset, { strict: false })) {
    throw new PaymuxError("ASSET_UNKNOWN", "The price's asset is not a token address", {
      context: { network },
    });
  }
  // Addresses keep the spelling they were configured with (peers compare them as bytes), so a configured
  // offer reproduces other SDKs' challenges byte for byte.
  const asset = resolved.asset;
  const extra: Record<string, unknown> = { ...parameters.extra, ...resolved.extra };
  if (rules.requireDomain) {
    const domain =
      resolved.info?.eip712 ?? domainFromExtra(resolved.extra) ?? findAsset(network, asset, assets)?.eip712;
    if (!domain) {
      throw new PaymuxError(
        "ASSET_UNKNOWN",
        "No EIP-712 domain is known for this token; pass it in `assets` with `eip712: { name, version }`",
        { context: { network, asset } },
      );
    }
    extra["name"] = domain.name;
    extra["version"] = domain.version;
  }
  return {
    scheme: rules.scheme,
    network,
    asset,
    amount: resolved.amount,
    payTo: parameters.payTo,
    maxTimeoutSeconds: parameters.maxTimeoutSeconds ?? rules.defaultTimeoutSeconds,
    extra,
  };
}
