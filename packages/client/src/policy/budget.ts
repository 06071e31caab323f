import { type AssetInfo, type Offer, PaymuxError, type Price, sameAsset } from "@paymux/core";
import type { PolicyRule } from "./policy.js";
import { compilePrice, offerAsset, symbolDecimals, toScale, USD_DECIMALS } from "./units.js";

/** Options of {@link createBudget}. */
export type CreateBudgetParameters = {
  /** `"$1"` (USD stablecoins), `"0.5 SOL"` (assets with that symbol) or `{ amount, asset }` (that asset only). */
  limit: Price;
  /** Rolling window: spend committed more than `windowMs` ago stops counting. Without it the budget is a total. */
  windowMs?: number;
  /** Clock in milliseconds (default `Date.now`); injectable for tests. */
  now?: () => number;
  /** Extra tokens (decimals, symbol, `usd`), searched before the known table. */
  assets?: readonly AssetInfo[];
};

/**
 * A budget's limit in its counting unit: `formatUnits(amount, decimals)` reads it back. USD budgets count in
 * 10^-18 dollars; symbol budgets in the smallest unit of that symbol (SOL: lamports); asset budgets in atomic units.
 */
export type BudgetLimit =
  | { kind: "usd"; price: Price; amount: bigint; decimals: number }
  | { kind: "symbol"; price: Price; symbol: string; amount: bigint; decimals: number }
  | { kind: "asset"; price: Price; asset: string; amount: bigint };

/** Room held for one payment; settle it exactly once (later calls are no-ops). */
export type Reservation = {
  /** The reserved amount, in the budget's counting unit. */
  readonly amount: bigint;
  /** The payment went out: the amount becomes spent (timestamped now, for rolling windows). */
  commit(): void;
  /** Nothing was paid: the room is freed. */
  release(): void;
};

/**
 * Money the client may spend, across calls. Reservations that are neither committed nor released stay reserved
 * forever: the caller must settle every one (release in a `finally` when the payment is not known to be sent).
 */
export type Budget = {
  /** Holds room for an offer, synchronously, so concurrent payers never over-commit; throws when it does not fit. */
  reserve(offer: Offer, assets?: readonly AssetInfo[]): Reservation;
  /** Committed spend that still counts (inside the window when there is one). */
  spent(): bigint;
  /** Reserved, not yet settled. */
  reserved(): bigint;
  /** `limit − spent − reserved`, never negative. */
  remaining(): bigint;
  /** The limit, in the budget's counting unit. */
  readonly limit: BudgetLimit;
};

/** Creates a total or rolling budget in one unit (USD, a symbol, or one asset). */
export function createBudget(parameters: CreateBudgetParameters): Budget {
  const { windowMs, now = Date.now, assets: baseAssets = [] } = parameters;
  if (
    windowMs !== undefined &&
    !(typeof windowMs === "number" && windowMs > 0 && Number.isFinite(windowMs))
  ) {
    throw new PaymuxError("CONFIG_INVALID", "windowMs must be a positive number of milliseconds", {
      context: { field: "windowMs" },
    });
  }
  if (typeof now !== "function") {
    throw new PaymuxError("CONFIG_INVALID", "now must be a function returning milliseconds", {
      context: { field: "now" },
    });
  }
  const limit = compileLimit(parameters.limit, baseAssets);
  // Committed spends with their time (rolling window only); pruned lazily when read.
  let entries: { at: number; amount: bigint }[] = [];
  let committedTotal = 0n;
  let reservedTotal = 0n;

  const spent = (): bigint => {
    if (windowMs !== undefined) {
      const cutoff = now() - windowMs;
      if (entries.some((entry) => entry.at < cutoff)) {
        entries = entries.filter((entry) => entry.at >= cutoff);
        committedTotal = entries.reduce((sum, entry) => sum + entry.amount, 0n);
      }
    }
    return committedTotal;
  };

  const reserve = (offer: Offer, assets: readonly AssetInfo[] = []): Reservation => {
    const refuse = (rule: PolicyRule, message: string): never => {
      throw new PaymuxError("POLICY_REJECTED", message, {
        context: {
          rule,
          network: String(offer.network),
          asset: String(offer.asset),
          amount: String(offer.amount),
          limit: describe(limit),
        },
      });
    };
    if (typeof offer.amount !== "bigint" || offer.amount <= 0n) {
      refuse("amount", "Offer amount is not a positive atomic amount");
    }
    const requested = measure(offer, limit, [...assets, ...baseAssets]);
    // Money the budget cannot count is refused rather than spent untracked.
    if (requested === undefined) return refuse("budget", "The budget's unit does not cover this asset");
    // Check and add with no await in between: JS runs this to completion, so concurrent payers serialise here.
    const used = spent() + reservedTotal;
    if (used + requested > limit.amount) {
      throw new PaymuxError("BUDGET_EXHAUSTED", "Budget exhausted", {
        context: {
          rule: "budget",
          limit: limit.amount.toString(),
          ...("decimals" in limit ? { decimals: limit.decimals } : {}),
          spent: committedTotal.toString(),
          reserved: reservedTotal.toString(),
          requested: requested.toString(),
        },
      });
    }
    reservedTotal += requested;
    let state: "open" | "committed" | "released" = "open";
    return {
      amount: requested,
      commit() {
        if (state !== "open") return;
        state = "committed";
        reservedTotal -= requested;
        // A total budget needs no history, so only a rolling window keeps one (memory stays flat otherwise).
        if (windowMs !== undefined) entries.push({ at: now(), amount: requested });
        committedTotal += requested;
      },
      release() {
        if (state !== "open") return;
        state = "released";
        reservedTotal -= requested;
      },
    };
  };

  return {
    reserve,
    spent,
    reserved: () => reservedTotal,
    remaining: () => {
      const left = limit.amount - spent() - reservedTotal;
      return left > 0n ? left : 0n;
    },
    limit,
  };
}

function compileLimit(price: Price, assets: readonly AssetInfo[]): BudgetLimit {
  const compiled = compilePrice(price, "limit");
  if (compiled.kind === "asset")
    return { kind: "asset", price, asset: compiled.asset, amount: compiled.value };
  // Unknown symbols count in 18 decimals: exact for any token a later `assets` option may describe.
  const decimals =
    compiled.kind === "usd" ? USD_DECIMALS : (symbolDecimals(compiled.symbol, assets) ?? USD_DECIMALS);
  if (compiled.decimals > decimals) {
    throw new PaymuxError("PRICE_INVALID", "Budget limit is finer than the asset's smallest unit", {
      context: { limit: compiled.label, decimals },
    });
  }
  const amount = toScale(compiled.value, compiled.decimals, decimals);
  return compiled.kind === "usd"
    ? { kind: "usd", price, amount, decimals }
    : { kind: "symbol", price, symbol: compiled.symbol, amount, decimals };
}

/** The offer's amount in the budget's unit, or undefined when the budget does not count that asset. */
function measure(offer: Offer, limit: BudgetLimit, assets: readonly AssetInfo[]): bigint | undefined {
  if (limit.kind === "asset") return sameAsset(offer.asset, limit.asset) ? offer.amount : undefined;
  const info = offerAsset(offer, assets);
  if (!info) return undefined;
  const counts = limit.kind === "usd" ? info.usd : info.symbol.toUpperCase() === limit.symbol;
  return counts ? toScale(offer.amount, info.decimals, limit.decimals) : undefined;
}

function describe(limit: BudgetLimit): string {
  if (limit.kind === "asset") return `${limit.amount} atomic ${limit.asset}`;
  return typeof limit.price === "string" ? limit.price.trim() : limit.amount.toString();
}
