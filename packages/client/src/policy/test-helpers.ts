import { type AssetInfo, BASE, type Offer, PaymuxError, SOLANA_DEVNET } from "@paymux/core";

/** Base mainnet USDC (6 decimals, in the known table). */
export const USDC_BASE = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
/** Devnet USDC mint (6 decimals, in the known table). */
export const USDC_DEVNET = "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU";
/** A made-up 18-decimals USD stablecoin on Base, known only through `assets`. */
export const USD18: AssetInfo = {
  network: BASE,
  address: "0x1111111111111111111111111111111111111111",
  symbol: "USDX",
  decimals: 18,
  usd: true,
};
/** A token no table knows. */
export const UNKNOWN_TOKEN = "0x2222222222222222222222222222222222222222";

/** An offer with test defaults: 0.01 USDC on Base. */
export function offer(overrides: Partial<Offer> = {}): Offer {
  return {
    scheme: "exact",
    network: BASE,
    asset: USDC_BASE,
    amount: 10_000n,
    payTo: "0xAbCdEf0000000000000000000000000000000001",
    maxTimeoutSeconds: 60,
    extra: {},
    ...overrides,
  };
}

/** A SOL offer on devnet, in lamports. */
export function solOffer(lamports: bigint): Offer {
  return offer({
    network: SOLANA_DEVNET,
    asset: "sol",
    amount: lamports,
    payTo: "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin",
  });
}

/** The PaymuxError `fn` throws; fails the test when it returns or throws anything else. */
export function refusal(fn: () => unknown): PaymuxError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PaymuxError) return error;
    throw error;
  }
  throw new Error("expected a PaymuxError");
}
