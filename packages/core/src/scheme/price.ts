import { PaymuxError } from "../errors/index.js";
import { type Price, parsePrice, parseUnits } from "../money/index.js";
import { type AssetInfo, findAsset, usdAsset } from "../networks/index.js";

/** Options of {@link resolvePrice}. */
export type ResolvePriceParameters = {
  /** Extra assets (custom or local tokens), searched before the known table. */
  assets?: readonly AssetInfo[];
  /** Symbol a bare decimal (`"0.001"`) is priced in, e.g. `"SOL"`. Without it a bare decimal is refused. */
  defaultSymbol?: string;
};

/** A price bound to one asset on one network. */
export type ResolvedAssetPrice = {
  amount: bigint;
  /** Asset id (address, mint or `"sol"`). */
  asset: string;
  /** What is known about the asset, when it is in a table. */
  info?: AssetInfo;
  extra?: Record<string, unknown>;
};

/**
 * Ties a price to an asset of `network`, or returns undefined when the network has no such asset (so a
 * `"0.001 SOL"` route simply makes no offer on Base). Malformed prices throw.
 */
export function resolvePrice(
  price: Price,
  network: string,
  parameters: ResolvePriceParameters = {},
): ResolvedAssetPrice | undefined {
  const parsed = parsePrice(price);
  if (parsed.kind === "atomic") {
    const info = findAsset(network, parsed.price.asset, parameters.assets);
    return {
      amount: parsed.price.amount,
      asset: parsed.price.asset,
      ...(info ? { info } : {}),
      ...(parsed.price.extra ? { extra: parsed.price.extra } : {}),
    };
  }
  let info: AssetInfo | undefined;
  if (parsed.kind === "usd") {
    try {
      info = usdAsset(network, parameters.assets);
    } catch {
      return undefined;
    }
  } else {
    const symbol = parsed.symbol || parameters.defaultSymbol;
    if (!symbol) {
      throw new PaymuxError("PRICE_INVALID", 'A bare amount needs a currency: write "$0.01" or "0.01 USDC"', {
        context: { amount: parsed.amount },
      });
    }
    info = findAsset(network, symbol, parameters.assets);
    if (!info || info.symbol.toUpperCase() !== symbol.toUpperCase()) return undefined;
  }
  const amount = parseUnits(parsed.amount, info.decimals);
  if (amount === 0n) {
    throw new PaymuxError("AMOUNT_PRECISION_EXCEEDED", "Price is smaller than the asset's smallest unit", {
      context: { amount: parsed.amount, decimals: info.decimals },
    });
  }
  return { amount, asset: info.address, info };
}
