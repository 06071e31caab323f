import { PaymuxError } from "../errors/index.js";
import { matchNetworkPattern } from "../networks/index.js";
import type { SchemeIdentity } from "./contract.js";

/** Maps (scheme, network) to the role implementation that serves it. */
export type SchemeRegistry<T extends SchemeIdentity> = {
  /** Adds a scheme; a second one for the same scheme and pattern is a `SCHEME_CONFLICT`. */
  register(scheme: T): SchemeRegistry<T>;
  /** The most specific registration: an exact network id beats `namespace:*`, which beats `*`. */
  resolve(scheme: string, network: string): T | undefined;
  /** True when {@link resolve} finds something. */
  supports(scheme: string, network: string): boolean;
  /** Every registered implementation, in registration order. */
  list(): readonly T[];
};

/** Creates a scheme registry, optionally pre-filled. */
export function createSchemeRegistry<T extends SchemeIdentity>(
  schemes: readonly T[] = [],
): SchemeRegistry<T> {
  const entries: { pattern: string; implementation: T }[] = [];
  const registry: SchemeRegistry<T> = {
    register(implementation) {
      for (const pattern of implementation.networks) {
        const clash = entries.find(
          (e) => e.pattern === pattern && e.implementation.scheme === implementation.scheme,
        );
        if (clash) {
          throw new PaymuxError(
            "SCHEME_CONFLICT",
            "A scheme is already registered for this network pattern",
            {
              context: { scheme: implementation.scheme, pattern },
            },
          );
        }
        entries.push({ pattern, implementation });
      }
      return registry;
    },
    resolve(scheme, network) {
      let best: T | undefined;
      let bestScore = -1;
      for (const entry of entries) {
        if (entry.implementation.scheme !== scheme) continue;
        const score = matchNetworkPattern(entry.pattern, network);
        if (score > bestScore) {
          best = entry.implementation;
          bestScore = score;
        }
      }
      return best;
    },
    supports(scheme, network) {
      return registry.resolve(scheme, network) !== undefined;
    },
    list() {
      return [...new Set(entries.map((e) => e.implementation))];
    },
  };
  for (const scheme of schemes) registry.register(scheme);
  return registry;
}
