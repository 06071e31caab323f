import { PaymuxError } from "@paymux/core";
import { type Address, getBase64Encoder, type Rpc, type SolanaRpcApi } from "@solana/kit";
import { isTokenProgram } from "./constants.js";

/** What a transfer needs to know about a mint. */
export type MintInfo = { tokenProgram: Address; decimals: number };

// SPL mint layout: mint_authority COption<Pubkey> (36) ‖ supply u64 (8) ‖ decimals u8 — same in Token-2022.
const DECIMALS_OFFSET = 44;

/** Reads a mint's owner program and decimals from the chain; throws when it is not an SPL mint. */
export async function readMint(rpc: Rpc<SolanaRpcApi>, mint: string): Promise<MintInfo> {
  const { value } = await rpc
    .getAccountInfo(mint as Address, { encoding: "base64", commitment: "confirmed" })
    .send();
  const data = value ? getBase64Encoder().encode(value.data[0]) : undefined;
  if (!value || !data || !isTokenProgram(value.owner) || data.length <= DECIMALS_OFFSET) {
    throw new PaymuxError(
      "ASSET_UNKNOWN",
      "The asset is not an SPL Token or Token-2022 mint on this network",
      {
        context: { mint },
      },
    );
  }
  return { tokenProgram: value.owner, decimals: data[DECIMALS_OFFSET] as number };
}

/** True when an account exists at `address`. */
export async function accountExists(rpc: Rpc<SolanaRpcApi>, address: Address): Promise<boolean> {
  const { value } = await rpc
    .getAccountInfo(address, {
      encoding: "base64",
      dataSlice: { offset: 0, length: 0 },
      commitment: "confirmed",
    })
    .send();
  return value !== null;
}
