import { PaymuxError } from "../errors/index.js";
import type { Offer } from "../model.js";
import type { Price } from "../money/index.js";
import { matchNetworkPattern } from "../networks/index.js";
import type { SchemePayee, SchemeRegistry } from "../scheme/index.js";
import type { AcceptOption, PriceInput, RequestContext, ResolvedServerConfig, RouteConfig } from "./types.js";

type PayToInput = string | Readonly<Record<string, string>>;

/** The recipient for a network: a single address, or the most specific `CAIP-2` / `namespace:*` / `*` entry. */
export function resolvePayTo(payTo: PayToInput | undefined, network: string): string | undefined {
  if (typeof payTo === "string") return payTo;
  let best: string | undefined;
  let bestScore = -1;
  for (const [pattern, address] of Object.entries(payTo ?? {})) {
    const score = matchNetworkPattern(pattern, network);
    if (score > bestScore) {
      best = address;
      bestScore = score;
    }
  }
  return best;
}

async function resolveInput<T>(input: PriceInput<T>, context: RequestContext): Promise<T> {
  return typeof input === "function"
    ? await (input as (c: RequestContext) => T | Promise<T>)(context)
    : input;
}

/**
 * How long the offers of a statically priced route are reused before the payees are asked again. Payees may
 * make different offers over time (a recipient creating its token account, a rate-based price), so the reuse
 * is bounded; a second is nothing to a caller and amortizes the pricing over every 402 of a busy route.
 */
export const STATIC_OFFERS_TTL_MS = 1_000;

type CachedOffers = {
  config: ResolvedServerConfig;
  registry: SchemeRegistry<SchemePayee>;
  currency: string;
  /** Everything the offers were computed from, serialized: a route or config mutated in place misses. */
  fingerprint: string;
  expires: number;
  offers: Promise<readonly Offer[]>;
};

// Per route object, so a dropped routes table takes its entry with it.
const staticOffers = new WeakMap<RouteConfig, CachedOffers>();

/**
 * Everything a route may be paid with, for this request: one offer per network, asset and scheme. A route
 * whose prices are not functions of the request gets the same offers for every request, so they are computed
 * once per {@link STATIC_OFFERS_TTL_MS} and shared (frozen): pricing is the costliest part of a 402 (Solana
 * offers derive a token account address, an ed25519 curve check, on every call).
 */
export function createRouteOffers(
  config: ResolvedServerConfig,
  registry: SchemeRegistry<SchemePayee>,
  route: RouteConfig,
  context: RequestContext,
  currency: string,
): Promise<readonly Offer[]> {
  const fingerprint = staticFingerprint(config, route, currency);
  if (fingerprint === undefined) return computeRouteOffers(config, registry, route, context, currency);
  const now = Date.now();
  const cached = staticOffers.get(route);
  if (
    cached !== undefined &&
    cached.expires > now &&
    cached.config === config &&
    cached.registry === registry &&
    cached.currency === currency &&
    cached.fingerprint === fingerprint
  ) {
    return cached.offers;
  }
  const offers = computeRouteOffers(config, registry, route, context, currency).then((list) => {
    // Shared by every request until it expires: nobody may change it under the others.
    for (const offer of list) Object.freeze(offer);
    return Object.freeze(list);
  });
  const entry: CachedOffers = {
    config,
    registry,
    currency,
    fingerprint,
    expires: now + STATIC_OFFERS_TTL_MS,
    offers,
  };
  staticOffers.set(route, entry);
  // A failure (a misconfiguration, an RPC outage behind a payee) is never reused: the next request retries.
  offers.catch(() => {
    if (staticOffers.get(route) === entry) staticOffers.delete(route);
  });
  return offers;
}

/**
 * The inputs of a route's offers when none of them depends on the request, or undefined when one does (a
 * price function). Serialized rather than compared by identity, so that a route or `payTo` map edited in place
 * after the first request is priced afresh.
 */
function staticFingerprint(
  config: ResolvedServerConfig,
  route: RouteConfig,
  currency: string,
): string | undefined {
  if (typeof route.price === "function" || typeof route.amount === "function") return undefined;
  if (route.accepts?.some((option) => typeof option.price === "function")) return undefined;
  try {
    return JSON.stringify(
      [route, config.payTo, config.networks, config.assets.length, currency],
      (_key, value) => (typeof value === "bigint" ? `${value}n` : value),
    );
  } catch {
    return undefined; // a cycle or an exotic value: price every request, as before
  }
}

async function computeRouteOffers(
  config: ResolvedServerConfig,
  registry: SchemeRegistry<SchemePayee>,
  route: RouteConfig,
  context: RequestContext,
  currency: string,
): Promise<Offer[]> {
  const options = route.accepts ?? [await defaultOption(config, route, context, currency)];
  const schemes = [...new Set(config.payees.map((payee) => payee.scheme))].filter(
    (scheme) => !route.schemes || route.schemes.includes(scheme),
  );
  const offers: Offer[] = [];
  for (const option of options) {
    const price = await resolveInput(option.price, context);
    const networks = option.network === "" ? (route.networks ?? config.networks) : [option.network];
    for (const network of networks) {
      const payTo = option.payTo ?? resolvePayTo(route.payTo ?? config.payTo, network);
      if (!payTo) {
        throw new PaymuxError("CONFIG_INVALID", "No payTo recipient for a network this route offers", {
          context: { network },
        });
      }
      for (const scheme of option.scheme ? [option.scheme] : schemes) {
        const payee = registry.resolve(scheme, network);
        const offer = await payee?.createOffer({
          price,
          network: network as Offer["network"],
          payTo,
          assets: config.assets,
          ...(option.maxTimeoutSeconds === undefined ? {} : { maxTimeoutSeconds: option.maxTimeoutSeconds }),
          ...(option.extra === undefined ? {} : { extra: option.extra }),
        });
        if (offer) offers.push(offer);
      }
    }
  }
  if (offers.length === 0) {
    throw new PaymuxError(
      "CONFIG_INVALID",
      "No configured payee can take this route's price on its networks",
      {
        context: { networks: options.map((option) => option.network || "(server networks)").join(",") },
      },
    );
  }
  return offers;
}

// The price/amount/networks form is one option over every network (`network: ""` = the route's networks).
async function defaultOption(
  config: ResolvedServerConfig,
  route: RouteConfig,
  context: RequestContext,
  currency: string,
): Promise<AcceptOption> {
  let price: Price;
  if (route.price !== undefined) price = await resolveInput(route.price, context);
  else if (route.amount !== undefined) {
    const amount = await resolveInput(route.amount, context);
    if (typeof amount !== "string" || !/^\d+(\.\d+)?$/.test(amount.trim())) {
      throw new PaymuxError("PRICE_INVALID", '`amount` is a bare decimal string such as "0.001"', {
        context: { amount: String(amount).slice(0, 64) },
      });
    }
    price = `${amount.trim()} ${currency}`;
  } else {
    throw new PaymuxError("CONFIG_INVALID", "A charged route needs `price`, `amount` or `accepts`");
  }
  if ((route.networks ?? config.networks).length === 0) {
    throw new PaymuxError("CONFIG_INVALID", "No networks to offer: set `networks` or a `payTo` map");
  }
  return {
    price,
    network: "",
    ...(route.maxTimeoutSeconds === undefined ? {} : { maxTimeoutSeconds: route.maxTimeoutSeconds }),
  };
}
