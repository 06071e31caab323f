import type { Address } from "@solana/kit";
import { findAssociatedTokenPda } from "@solana-program/token";

/** The associated token account of `owner` for `mint` under `tokenProgram` (SPL Token or Token-2022). */
export async function associatedTokenAddress(
  owner: string,
  mint: string,
  tokenProgram: string,
): Promise<Address> {
  const [address] = await findAssociatedTokenPda({
    owner: owner as Address,
    mint: mint as Address,
    tokenProgram: tokenProgram as Address,
  });
  return address;
}
