import { PaymuxError } from "../errors/index.js";
import { parseUnits } from "./units.js";

/**
 * A price as users write it: `"$0.01"` (US dollars, paid in a USD stablecoin), `"0.01 USDC"` or `"0.001 SOL"`
 * (an amount of a named asset), or exact atomic units of a given asset.
 */
export type Price = string | AtomicPrice;

/** An exact price in atomic units of one asset (address, mint, or `"sol"` for native SOL). */
export type AtomicPrice = {
  /** Atomic units. */
  amount: bigint;
  /** Token address / mint / `"sol"`. */
  asset: string;
  /** Scheme extras to carry in the offer (for example an EIP-712 domain). */
  extra?: Record<string, unknown>;
};

/** A price string after parsing, before it is tied to a network's asset. */
export type ParsedPrice =
  | { kind: "usd"; amount: string }
  | { kind: "symbol"; symbol: string; amount: string }
  | { kind: "atomic"; price: AtomicPrice };

const USD = /^\$\s?([0-9.]+)$/;
const SYMBOL = /^([0-9.]+)\s+([A-Za-z][A-Za-z0-9]{0,15})$/;
// USD prices resolve to stablecoins; 18 digits of fraction is more than any stablecoin has.
const USD_CHECK_DECIMALS = 18;

/**
 * Parses a price string. The decimal part is validated here (no floats, exponents, negatives) so that a typo
 * in a route table fails at start-up, not at the first paid request.
 */
export function parsePrice(price: Price): ParsedPrice {
  if (typeof price === "object" && price !== null) {
    if (
      typeof price.amount !== "bigint" ||
      price.amount <= 0n ||
      typeof price.asset !== "string" ||
      !price.asset
    ) {
      throw new PaymuxError("PRICE_INVALID", "Atomic prices need a positive bigint amount and an asset");
    }
    return { kind: "atomic", price };
  }
  if (typeof price !== "string") {
    throw new PaymuxError("PRICE_INVALID", 'Prices are strings like "$0.01" or "0.01 USDC", never numbers', {
      context: { type: typeof price },
    });
  }
  const trimmed = price.trim();
  const usd = USD.exec(trimmed);
  if (usd?.[1]) {
    assertPositive(usd[1], price);
    return { kind: "usd", amount: usd[1] };
  }
  const symbol = SYMBOL.exec(trimmed);
  if (symbol?.[1] && symbol[2]) {
    assertPositive(symbol[1], price);
    return { kind: "symbol", symbol: symbol[2].toUpperCase(), amount: symbol[1] };
  }
  // A bare decimal is ambiguous between dollars and the default currency: the caller decides.
  if (/^[0-9.]+$/.test(trimmed)) {
    assertPositive(trimmed, price);
    return { kind: "symbol", symbol: "", amount: trimmed };
  }
  throw new PaymuxError("PRICE_INVALID", 'Unrecognised price; use "$0.01", "0.01 USDC" or "0.001 SOL"', {
    context: { price: price.slice(0, 40) },
  });
}

function assertPositive(amount: string, price: string): void {
  try {
    if (parseUnits(amount, USD_CHECK_DECIMALS) > 0n) return;
  } catch (cause) {
    throw new PaymuxError("PRICE_INVALID", "Price amount is not a plain positive decimal", {
      context: { price: price.slice(0, 40) },
      cause,
    });
  }
  throw new PaymuxError("PRICE_INVALID", "Price must be greater than zero", {
    context: { price: price.slice(0, 40) },
  });
}
