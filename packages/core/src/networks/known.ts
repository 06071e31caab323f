import type { Caip2 } from "./caip2.js";

/** Base mainnet. */
export const BASE: Caip2 = "eip155:8453";
/** Base Sepolia testnet. */
export const BASE_SEPOLIA: Caip2 = "eip155:84532";
/** anvil's default local chain. */
export const ANVIL: Caip2 = "eip155:31337";
/** Solana mainnet (CAIP-2 reference = first 32 chars of the genesis hash). */
export const SOLANA_MAINNET: Caip2 = "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp";
/** Solana devnet. */
export const SOLANA_DEVNET: Caip2 = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";
/** Solana testnet. */
export const SOLANA_TESTNET: Caip2 = "solana:4uhcVJyU9pJkvQyS88uRDiswHXSCkY3z";
/**
 * Genesis hash of paymux's local Solana chain (LiteSVM-backed RPC): sha256("paymux-localnet-genesis") in base58.
 * Fixed so that localnet configs are stable across runs.
 */
export const PAYMUX_LOCALNET_GENESIS_HASH = "FthpZytUNMqBC9gGACTnebip6Ur14fLtoBG29meqfkZh";
/** paymux's local Solana chain. */
export const SOLANA_LOCALNET: Caip2 = `solana:${PAYMUX_LOCALNET_GENESIS_HASH.slice(0, 32)}`;

/** Networks that move real money: zero-config wallets and faucets refuse them. */
export const MAINNETS: readonly string[] = [
  BASE,
  SOLANA_MAINNET,
  "eip155:1",
  "eip155:10",
  "eip155:137",
  "eip155:42161",
  "eip155:43114",
];

/** True when `network` is a known mainnet. */
export function isMainnet(network: string): boolean {
  return MAINNETS.includes(network);
}

// x402 v1 network names (x402.md §3.1) ↔ CAIP-2.
const V1_NAMES: ReadonlyArray<readonly [string, Caip2]> = [
  ["base", BASE],
  ["base-sepolia", BASE_SEPOLIA],
  ["avalanche", "eip155:43114"],
  ["avalanche-fuji", "eip155:43113"],
  ["polygon", "eip155:137"],
  ["polygon-amoy", "eip155:80002"],
  ["ethereum", "eip155:1"],
  ["sepolia", "eip155:11155111"],
  ["abstract", "eip155:2741"],
  ["abstract-testnet", "eip155:11124"],
  ["iotex", "eip155:4689"],
  ["sei", "eip155:1329"],
  ["sei-testnet", "eip155:1328"],
  ["peaq", "eip155:3338"],
  ["story", "eip155:1514"],
  ["educhain", "eip155:41923"],
  ["skale-base-sepolia", "eip155:324705682"],
  ["megaeth", "eip155:4326"],
  ["monad", "eip155:143"],
  ["stable", "eip155:988"],
  ["stable-testnet", "eip155:2201"],
  ["celo", "eip155:42220"],
  ["flare", "eip155:14"],
  ["solana", SOLANA_MAINNET],
  ["solana-devnet", SOLANA_DEVNET],
  ["solana-testnet", SOLANA_TESTNET],
];
const V1_TO_CAIP2 = new Map<string, Caip2>(V1_NAMES);
const CAIP2_TO_V1 = new Map<string, string>(V1_NAMES.map(([name, id]) => [id, name]));

/** x402 v1 network name → CAIP-2, or undefined when the name is unknown. */
export function v1NetworkToCaip2(name: string): Caip2 | undefined {
  return V1_TO_CAIP2.get(name);
}

/** CAIP-2 → x402 v1 network name, or undefined when v1 has no name for it. */
export function caip2ToV1Network(network: string): string | undefined {
  return CAIP2_TO_V1.get(network);
}

/** Solana cluster names of the IETF Payment `solana` method (and @solana/mpp's `mainnet-beta`). */
export type SolanaClusterName = "mainnet" | "mainnet-beta" | "devnet" | "testnet" | "localnet";

const CLUSTERS: ReadonlyArray<readonly [SolanaClusterName, Caip2]> = [
  ["mainnet", SOLANA_MAINNET],
  ["mainnet-beta", SOLANA_MAINNET],
  ["devnet", SOLANA_DEVNET],
  ["testnet", SOLANA_TESTNET],
  ["localnet", SOLANA_LOCALNET],
];

/** Solana cluster name → CAIP-2 (both `mainnet` and `mainnet-beta` map to mainnet). */
export function solanaClusterToCaip2(name: string): Caip2 | undefined {
  return CLUSTERS.find(([cluster]) => cluster === name)?.[1];
}

/** CAIP-2 → the spec's cluster name (`mainnet`, not `mainnet-beta`), or undefined for other chains. */
export function caip2ToSolanaCluster(network: string): SolanaClusterName | undefined {
  return CLUSTERS.find(([, id]) => id === network)?.[0];
}

// Informal names seen in `WWW-Authenticate: x402 ... network=base` headers. A Map, not an object literal: the
// name comes off the wire, and `INFORMAL["__proto__"]` or `INFORMAL["constructor"]` would return Object's own.
const INFORMAL = new Map<string, Caip2>([
  ["base", BASE],
  ["base-sepolia", BASE_SEPOLIA],
  ["solana", SOLANA_MAINNET],
  ["solana-devnet", SOLANA_DEVNET],
  ["devnet", SOLANA_DEVNET],
  ["mainnet", SOLANA_MAINNET],
  ["localnet", SOLANA_LOCALNET],
]);

/** Any network spelling paymux understands (CAIP-2, x402 v1 name, Solana cluster) → CAIP-2. */
export function resolveNetwork(name: string): Caip2 | undefined {
  if (/^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/.test(name)) return name as Caip2;
  return V1_TO_CAIP2.get(name) ?? solanaClusterToCaip2(name) ?? INFORMAL.get(name);
}
