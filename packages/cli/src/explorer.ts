// Transaction ids as a block explorer would show them, so a paid request can be checked on chain.
import { BASE, BASE_SEPOLIA, SOLANA_DEVNET, SOLANA_MAINNET, SOLANA_TESTNET } from "@paymux/core";

const EXPLORERS: Readonly<Record<string, (tx: string) => string>> = {
  [BASE]: (tx) => `https://basescan.org/tx/${tx}`,
  [BASE_SEPOLIA]: (tx) => `https://sepolia.basescan.org/tx/${tx}`,
  [SOLANA_MAINNET]: (tx) => `https://explorer.solana.com/tx/${tx}`,
  [SOLANA_DEVNET]: (tx) => `https://explorer.solana.com/tx/${tx}?cluster=devnet`,
  [SOLANA_TESTNET]: (tx) => `https://explorer.solana.com/tx/${tx}?cluster=testnet`,
};

/** An explorer URL on public networks; `network/tx` elsewhere (local chains have no explorer). */
export function explorerLink(network: string, tx: string): string {
  return EXPLORERS[network]?.(tx) ?? `${network}/tx/${tx}`;
}
