import { PaymuxError } from "../errors/index.js";
import type { Caip2 } from "./caip2.js";
import {
  BASE,
  BASE_SEPOLIA,
  SOLANA_DEVNET,
  SOLANA_LOCALNET,
  SOLANA_MAINNET,
  SOLANA_TESTNET,
} from "./known.js";

/** The asset id paymux uses for native SOL (the IETF Payment `currency` value). */
export const NATIVE_SOL = "sol";
/** SPL Token program. */
export const TOKEN_PROGRAM = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
/** SPL Token-2022 program. */
export const TOKEN_2022_PROGRAM = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";

/** What paymux knows about an asset on one network. */
export type AssetInfo = {
  network: Caip2;
  /** Token contract, mint, or {@link NATIVE_SOL}. */
  address: string;
  symbol: string;
  decimals: number;
  /** Pegged to the US dollar (a `"$0.01"` price may be paid in it). */
  usd: boolean;
  /** EVM: the EIP-712 domain the token signs EIP-3009 authorizations with. */
  eip712?: { name: string; version: string };
  /** Solana: the token program that owns the mint. */
  tokenProgram?: string;
};

/** USDC (and native SOL) on the networks paymux ships with. Add others with `assets` options. */
export const KNOWN_ASSETS: readonly AssetInfo[] = [
  {
    network: BASE,
    address: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
    symbol: "USDC",
    decimals: 6,
    usd: true,
    eip712: { name: "USD Coin", version: "2" },
  },
  {
    network: BASE_SEPOLIA,
    address: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
    symbol: "USDC",
    decimals: 6,
    usd: true,
    eip712: { name: "USDC", version: "2" },
  },
  usdcSolana(SOLANA_MAINNET, "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"),
  usdcSolana(SOLANA_DEVNET, "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU"),
  usdcSolana(SOLANA_TESTNET, "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU"),
  sol(SOLANA_MAINNET),
  sol(SOLANA_DEVNET),
  sol(SOLANA_TESTNET),
  sol(SOLANA_LOCALNET),
];

function usdcSolana(network: Caip2, mint: string): AssetInfo {
  return { network, address: mint, symbol: "USDC", decimals: 6, usd: true, tokenProgram: TOKEN_PROGRAM };
}

function sol(network: Caip2): AssetInfo {
  return { network, address: NATIVE_SOL, symbol: "SOL", decimals: 9, usd: false };
}

/** Compares asset ids: EVM addresses case-insensitively (checksums vary), Solana mints exactly. */
export function sameAsset(a: string, b: string): boolean {
  return a.startsWith("0x") && b.startsWith("0x") ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** Finds an asset by network and address or symbol in `extra` first, then in {@link KNOWN_ASSETS}. */
export function findAsset(
  network: string,
  addressOrSymbol: string,
  extra: readonly AssetInfo[] = [],
): AssetInfo | undefined {
  const symbol = addressOrSymbol.toUpperCase();
  for (const list of [extra, KNOWN_ASSETS]) {
    const byAddress = list.find((a) => a.network === network && sameAsset(a.address, addressOrSymbol));
    if (byAddress) return byAddress;
    const bySymbol = list.find((a) => a.network === network && a.symbol.toUpperCase() === symbol);
    if (bySymbol) return bySymbol;
  }
  return undefined;
}

/** The USD stablecoin of a network (USDC where known), or throws `ASSET_UNKNOWN`. */
export function usdAsset(network: string, extra: readonly AssetInfo[] = []): AssetInfo {
  const found = [...extra, ...KNOWN_ASSETS].find((a) => a.network === network && a.usd);
  if (!found) {
    throw new PaymuxError(
      "ASSET_UNKNOWN",
      "No USD stablecoin is known on this network; pass it in `assets`",
      {
        context: { network },
      },
    );
  }
  return found;
}
