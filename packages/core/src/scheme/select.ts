import { DIALECTS, type Dialect, type Offer, type ReceivedOffer } from "../model.js";
import { findAsset, matchNetworkPattern, sameAsset } from "../networks/index.js";
import type { SchemeIdentity } from "./contract.js";
import type { SchemeRegistry } from "./registry.js";

/** How a client ranks offers; earlier entries win. Unlisted values rank after listed ones. */
export type OfferPreferences = {
  /** CAIP-2 ids or patterns (`solana:*`). */
  networks?: readonly string[];
  /** Asset addresses / mints, or symbols (`USDC`, `SOL`). */
  assets?: readonly string[];
  schemes?: readonly string[];
  dialects?: readonly Dialect[];
};

/** Options of {@link selectOffers}. */
export type SelectOffersParameters<T extends SchemeIdentity> = {
  /** When given, offers no registered payer can pay are dropped. */
  registry?: SchemeRegistry<T>;
  preferences?: OfferPreferences;
};

/**
 * Orders the offers a client could pay: payable ones only, by network, then asset, then scheme, then dialect
 * preference; ties keep the server's order, so selection is deterministic.
 */
export function selectOffers<O extends Offer, T extends SchemeIdentity>(
  offers: readonly O[],
  parameters: SelectOffersParameters<T> = {},
): O[] {
  const { registry, preferences = {} } = parameters;
  const dialects = preferences.dialects ?? DIALECTS;
  const payable = offers.filter((offer) => !registry || registry.supports(offer.scheme, offer.network));
  const keyed = payable.map((offer, index) => ({
    offer,
    key: [
      rank(preferences.networks, (pattern) => matchNetworkPattern(pattern, offer.network) >= 0),
      rank(preferences.assets, (asset) => assetMatches(offer, asset)),
      rank(preferences.schemes, (scheme) => scheme === offer.scheme),
      rank(
        dialects,
        (dialect) => "source" in offer && (offer as unknown as ReceivedOffer).source.dialect === dialect,
      ),
      index,
    ],
  }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const diff = (a.key[i] ?? 0) - (b.key[i] ?? 0);
      if (diff !== 0) return diff;
    }
    return 0;
  });
  return keyed.map((entry) => entry.offer);
}

function rank<V>(list: readonly V[] | undefined, matches: (value: V) => boolean): number {
  if (!list) return 0;
  const index = list.findIndex(matches);
  return index === -1 ? list.length : index;
}

function assetMatches(offer: Offer, asset: string): boolean {
  if (sameAsset(offer.asset, asset)) return true;
  const known = findAsset(offer.network, offer.asset);
  return (
    known !== undefined &&
    sameAsset(known.address, offer.asset) &&
    known.symbol.toUpperCase() === asset.toUpperCase()
  );
}
