import {
  type AssetInfo,
  matchNetworkPattern,
  type Offer,
  PaymuxError,
  type PaymuxErrorCode,
  type Price,
  sameAsset,
} from "@paymux/core";
import { type CompiledPrice, compareScaled, compilePrice, offerAsset, stringList } from "./units.js";

/** The rule named in `error.context.rule` when a policy or budget refuses an offer. */
export type PolicyRule =
  | "amount"
  | "maxPerPayment"
  | "allowedNetworks"
  | "allowedAssets"
  | "allowedRecipients"
  | "blockedRecipients"
  | "budget";

/** What the client may pay, checked before anything is signed. Unset rules do not restrict. */
export type SpendPolicy = {
  /**
   * Caps per payment. `"$0.05"` caps every USD stablecoin, `"0.01 USDC"` / `"0.001 SOL"` the assets with that
   * symbol, `{ amount, asset }` that asset. Every applicable cap must hold; an offer no cap applies to is refused.
   */
  maxPerPayment?: Price | readonly Price[];
  /** CAIP-2 networks or `namespace:*` patterns. An empty list allows nothing. */
  allowedNetworks?: readonly string[];
  /** Asset addresses / mints, `"sol"`, or symbols (`"USDC"`) of known assets. An empty list allows nothing. */
  allowedAssets?: readonly string[];
  /** Recipients (`payTo`) that may be paid; 0x addresses compare case-insensitively, base58 exactly. */
  allowedRecipients?: readonly string[];
  /** Recipients that are never paid; checked before `allowedRecipients`. */
  blockedRecipients?: readonly string[];
};

/** A compiled policy: throws a PaymuxError naming the refusing rule, or returns when the offer may be paid. */
export type PolicyChecker = (offer: Offer) => void;

const POLICY_KEYS = new Set([
  "maxPerPayment",
  "allowedNetworks",
  "allowedAssets",
  "allowedRecipients",
  "blockedRecipients",
]);

/**
 * Validates and pre-parses a policy once (`CONFIG_INVALID` / `PRICE_INVALID` at start-up, not at the first 402)
 * and returns the checker. `assets` adds tokens (decimals, symbol, `usd`) beyond the known table.
 */
export function createPolicyChecker(policy: SpendPolicy, assets: readonly AssetInfo[] = []): PolicyChecker {
  if (typeof policy !== "object" || policy === null) {
    throw new PaymuxError("CONFIG_INVALID", "The spend policy must be an object");
  }
  // A misspelt rule would otherwise silently not apply: the one failure a spend limit must not have.
  for (const key of Object.keys(policy)) {
    if (!POLICY_KEYS.has(key)) {
      throw new PaymuxError("CONFIG_INVALID", "Unknown spend policy rule", { context: { field: key } });
    }
  }
  const caps = compileCaps(policy.maxPerPayment);
  const networks = stringList(policy.allowedNetworks, "allowedNetworks");
  const allowedAssets = stringList(policy.allowedAssets, "allowedAssets");
  const allowed = stringList(policy.allowedRecipients, "allowedRecipients");
  const blocked = stringList(policy.blockedRecipients, "blockedRecipients");

  return (offer) => {
    const refuse = (code: PaymuxErrorCode, rule: PolicyRule, message: string, limit?: string): never => {
      throw new PaymuxError(code, message, {
        context: {
          rule,
          network: String(offer.network),
          asset: String(offer.asset),
          amount: String(offer.amount),
          payTo: String(offer.payTo),
          ...(limit === undefined ? {} : { limit }),
        },
      });
    };
    // A non-positive or non-bigint amount is never a real price; a negative one would even refill a budget.
    if (typeof offer.amount !== "bigint" || offer.amount <= 0n) {
      refuse("POLICY_REJECTED", "amount", "Offer amount is not a positive atomic amount");
    }
    if (networks && !networks.some((pattern) => matchNetworkPattern(pattern, offer.network) >= 0)) {
      refuse("POLICY_REJECTED", "allowedNetworks", "Network is not in allowedNetworks", networks.join(","));
    }
    const info = offerAsset(offer, assets);
    if (
      allowedAssets &&
      !allowedAssets.some(
        (entry) => sameAsset(offer.asset, entry) || info?.symbol.toUpperCase() === entry.trim().toUpperCase(),
      )
    ) {
      refuse("POLICY_REJECTED", "allowedAssets", "Asset is not in allowedAssets", allowedAssets.join(","));
    }
    // sameAsset is the address comparison paymux uses everywhere: 0x case-insensitive, base58 exact.
    if (blocked?.some((recipient) => sameAsset(recipient, offer.payTo))) {
      refuse("POLICY_REJECTED", "blockedRecipients", "Recipient is in blockedRecipients");
    }
    if (allowed && !allowed.some((recipient) => sameAsset(recipient, offer.payTo))) {
      refuse("POLICY_REJECTED", "allowedRecipients", "Recipient is not in allowedRecipients");
    }
    if (caps) {
      let applied = false;
      for (const cap of caps) {
        const over = exceeds(cap, offer, info);
        if (over === undefined) continue;
        applied = true;
        if (over) {
          refuse("AMOUNT_EXCEEDS_POLICY", "maxPerPayment", "Offer exceeds maxPerPayment", cap.label);
        }
      }
      // An asset no cap covers cannot be shown to be under the cap, so it is refused, not waved through.
      if (!applied) {
        refuse(
          "POLICY_REJECTED",
          "maxPerPayment",
          "No maxPerPayment cap applies to this asset; add one for it",
          caps.map((cap) => cap.label).join(","),
        );
      }
    }
  };
}

/** Checks one offer against a policy (compiles it each call; use createPolicyChecker on hot paths). */
export function checkPolicy(offer: Offer, policy: SpendPolicy, assets?: readonly AssetInfo[]): void {
  createPolicyChecker(policy, assets)(offer);
}

function compileCaps(value: SpendPolicy["maxPerPayment"]): readonly CompiledPrice[] | undefined {
  if (value === undefined) return undefined;
  const list: readonly Price[] = Array.isArray(value) ? value : [value as Price];
  return list.map((price) => compilePrice(price, "maxPerPayment"));
}

/** True/false when `cap` applies to the offer's asset, undefined when it does not apply. */
function exceeds(cap: CompiledPrice, offer: Offer, info: AssetInfo | undefined): boolean | undefined {
  if (cap.kind === "asset") return sameAsset(offer.asset, cap.asset) ? offer.amount > cap.value : undefined;
  if (!info) return undefined;
  const applies = cap.kind === "usd" ? info.usd : info.symbol.toUpperCase() === cap.symbol;
  if (!applies) return undefined;
  return compareScaled(offer.amount, info.decimals, cap.value, cap.decimals) > 0;
}
