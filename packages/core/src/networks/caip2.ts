import { PaymuxError } from "../errors/index.js";

/** A CAIP-2 chain id, `namespace:reference` (`eip155:8453`, `solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp`). */
export type Caip2 = `${string}:${string}`;

/** A parsed CAIP-2 id. */
export type ParsedCaip2 = { namespace: string; reference: string };

const CAIP2 = /^([-a-z0-9]{3,8}):([-_a-zA-Z0-9]{1,32})$/;

/** Parses a CAIP-2 id, throwing `NETWORK_INVALID` when it is not one. */
export function parseCaip2(value: string): ParsedCaip2 {
  const match = typeof value === "string" ? CAIP2.exec(value) : null;
  if (!match?.[1] || !match[2]) {
    throw new PaymuxError("NETWORK_INVALID", "Not a CAIP-2 network id (namespace:reference)", {
      context: { network: typeof value === "string" ? value.slice(0, 64) : typeof value },
    });
  }
  return { namespace: match[1], reference: match[2] };
}

/** Formats a CAIP-2 id from its parts (validated). */
export function formatCaip2(namespace: string, reference: string | number): Caip2 {
  const id = `${namespace}:${reference}` as Caip2;
  parseCaip2(id);
  return id;
}

/** True when `value` is a well-formed CAIP-2 id. */
export function isCaip2(value: unknown): value is Caip2 {
  return typeof value === "string" && CAIP2.test(value);
}

/** The EVM chain id of an `eip155:<id>` network. */
export function evmChainId(network: string): number {
  const { namespace, reference } = parseCaip2(network);
  const id = Number(reference);
  if (namespace !== "eip155" || !/^[1-9][0-9]{0,15}$/.test(reference) || !Number.isSafeInteger(id)) {
    throw new PaymuxError("NETWORK_INVALID", "Not an eip155 network with a numeric chain id", {
      context: { network: network.slice(0, 64) },
    });
  }
  return id;
}

/**
 * True when a registration pattern matches a network. Patterns are a CAIP-2 id, `namespace:*`, or `*`.
 * Returns the match's specificity (2 exact, 1 namespace wildcard, 0 any) or -1 when it does not match.
 */
export function matchNetworkPattern(pattern: string, network: string): number {
  if (pattern === network) return 2;
  if (pattern === "*") return 0;
  if (pattern.endsWith(":*") && network.startsWith(pattern.slice(0, -1))) return 1;
  return -1;
}
