import {
  type AssetInfo,
  KNOWN_ASSETS,
  type Offer,
  PaymuxError,
  type Price,
  parsePrice,
  parseUnits,
  sameAsset,
} from "@paymux/core";

/**
 * Decimals a USD budget counts in (10^-18 dollars). Exact for every stablecoin with up to 18 decimals and for
 * every `"$…"` string parsePrice accepts; micro-dollars would round an 18-decimals token's dust to zero.
 */
export const USD_DECIMALS = 18;

/** A policy price compiled once: what it applies to, and its value as `value / 10^decimals` (no floats). */
export type CompiledPrice =
  | { kind: "usd"; value: bigint; decimals: number; label: string }
  | { kind: "symbol"; symbol: string; value: bigint; decimals: number; label: string }
  | { kind: "asset"; asset: string; value: bigint; label: string };

/** Parses a price for a policy; bare decimals are refused because a cap must name its currency. */
export function compilePrice(price: Price, field: string): CompiledPrice {
  const parsed = parsePrice(price);
  if (parsed.kind === "atomic") {
    const { amount, asset } = parsed.price;
    return { kind: "asset", asset, value: amount, label: `${amount} atomic ${asset}` };
  }
  if (parsed.kind === "symbol" && parsed.symbol === "") {
    throw new PaymuxError("PRICE_INVALID", `${field} needs a currency: write "$0.05" or "0.01 USDC"`, {
      context: { field, amount: parsed.amount },
    });
  }
  // The value keeps exactly the digits written, so a cap compares exactly against any asset's decimals.
  const decimals = parsed.amount.split(".")[1]?.length ?? 0;
  const value = parseUnits(parsed.amount, decimals);
  const label = typeof price === "string" ? price.trim() : parsed.amount;
  return parsed.kind === "usd"
    ? { kind: "usd", value, decimals, label }
    : { kind: "symbol", symbol: parsed.symbol, value, decimals, label };
}

/**
 * The table entry of the offer's asset, matched by network and address only: a server chooses `offer.asset`,
 * so a symbol lookup would let it pass a worthless token off as USDC.
 */
export function offerAsset(offer: Offer, assets: readonly AssetInfo[] = []): AssetInfo | undefined {
  for (const list of [assets, KNOWN_ASSETS]) {
    const found = list.find((a) => a.network === offer.network && sameAsset(a.address, offer.asset));
    if (found) return found;
  }
  return undefined;
}

/** Sign of `amount / 10^amountDecimals − value / 10^valueDecimals`, by cross-multiplying bigints. */
export function compareScaled(
  amount: bigint,
  amountDecimals: number,
  value: bigint,
  valueDecimals: number,
): -1 | 0 | 1 {
  const left = amount * 10n ** BigInt(valueDecimals);
  const right = value * 10n ** BigInt(amountDecimals);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Rescales an atomic amount; rounds up when precision is lost, so a budget never under-counts a spend. */
export function toScale(amount: bigint, from: number, to: number): bigint {
  if (from <= to) return amount * 10n ** BigInt(to - from);
  const divisor = 10n ** BigInt(from - to);
  return (amount + divisor - 1n) / divisor;
}

/** Largest decimals of the assets with `symbol` (so every one of them counts exactly), or undefined. */
export function symbolDecimals(symbol: string, assets: readonly AssetInfo[] = []): number | undefined {
  let decimals: number | undefined;
  for (const asset of [...assets, ...KNOWN_ASSETS]) {
    if (asset.symbol.toUpperCase() === symbol && (decimals === undefined || asset.decimals > decimals)) {
      decimals = asset.decimals;
    }
  }
  return decimals;
}

/** Validates an optional list of non-empty strings from (possibly untyped) configuration. */
export function stringList(value: unknown, field: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string" && item.trim() !== "")) {
    throw new PaymuxError("CONFIG_INVALID", `${field} must be an array of non-empty strings`, {
      context: { field },
    });
  }
  return value as readonly string[];
}
