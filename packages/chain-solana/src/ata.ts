import type { Address } from "@solana/kit";
import { findAssociatedTokenPda } from "@solana-program/token";

// Deriving a PDA hashes and curve-checks up to 255 candidates (~40% of an exact verification's CPU), and a server
// derives the same few (its recipients, its payers) again and again: remembered, bounded.
const MAX_REMEMBERED = 4_096;
const remembered = new Map<string, Promise<Address>>();

/** The associated token account of `owner` for `mint` under `tokenProgram` (SPL Token or Token-2022). */
export function associatedTokenAddress(owner: string, mint: string, tokenProgram: string): Promise<Address> {
  const key = `${owner}|${mint}|${tokenProgram}`;
  const known = remembered.get(key);
  if (known) return known;
  const derived = findAssociatedTokenPda({
    owner: owner as Address,
    mint: mint as Address,
    tokenProgram: tokenProgram as Address,
  }).then(([address]) => address);
  // A bad input (not base58, say) must not stay remembered as a rejection.
  derived.catch(() => remembered.delete(key));
  if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value as string);
  remembered.set(key, derived);
  return derived;
}
