import { PaymuxError } from "@paymux/core";
import { type Address, getBase64Encoder, type Rpc, type SolanaRpcApi } from "@solana/kit";
import { isTokenProgram, SPL_TOKEN_2022_PROGRAM } from "./constants.js";

/** A Token-2022 transfer fee: basis points of each transfer, capped at `maximumFee` atomic units. */
export type TransferFee = { basisPoints: number; maximumFee: bigint };

/** What a transfer needs to know about a mint. */
export type MintInfo = {
  tokenProgram: Address;
  decimals: number;
  /**
   * Set when the mint's TransferFeeConfig (Token-2022) charges a fee now or has one scheduled: the higher of
   * its two fees. The fee is withheld from what the recipient receives.
   */
  transferFee?: TransferFee;
};

// SPL mint layout: mint_authority COption<Pubkey> (36) ‖ supply u64 (8) ‖ decimals u8 — same in Token-2022.
const DECIMALS_OFFSET = 44;
// Token-2022 extensions: the base mint is padded to an account's 165 bytes, then one account-type byte
// (1 = mint), then TLV entries { type u16, length u16, value }.
const ACCOUNT_TYPE_OFFSET = 165;
const MINT_ACCOUNT_TYPE = 1;
const TRANSFER_FEE_CONFIG = 1;
// TransferFeeConfig: config authority (32) ‖ withdraw authority (32) ‖ withheld u64 ‖ older fee ‖ newer fee,
// each fee { epoch u64, maximum_fee u64, basis_points u16 }.
const OLDER_FEE = 72;
const NEWER_FEE = 90;
const TRANSFER_FEE_CONFIG_LENGTH = 108;

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
  const transferFee =
    value.owner === SPL_TOKEN_2022_PROGRAM ? readTransferFee(Uint8Array.from(data)) : undefined;
  return {
    tokenProgram: value.owner,
    decimals: data[DECIMALS_OFFSET] as number,
    ...(transferFee === undefined ? {} : { transferFee }),
  };
}

/**
 * The transfer fee of a Token-2022 mint's account data, or undefined when it charges none. Both the older
 * and the newer fee count: the newer one is written at once and takes effect two epochs later, so a fee
 * scheduled now would apply to payments an offer made today still invites.
 */
export function readTransferFee(data: Uint8Array): TransferFee | undefined {
  if (data.length <= ACCOUNT_TYPE_OFFSET || data[ACCOUNT_TYPE_OFFSET] !== MINT_ACCOUNT_TYPE) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let offset = ACCOUNT_TYPE_OFFSET + 1;
  while (offset + 4 <= data.length) {
    const type = view.getUint16(offset, true);
    const length = view.getUint16(offset + 2, true);
    const start = offset + 4;
    if (
      type === TRANSFER_FEE_CONFIG &&
      length >= TRANSFER_FEE_CONFIG_LENGTH &&
      start + length <= data.length
    ) {
      const fee = (at: number): TransferFee => ({
        maximumFee: view.getBigUint64(start + at + 8, true),
        basisPoints: view.getUint16(start + at + 16, true),
      });
      const [older, newer] = [fee(OLDER_FEE), fee(NEWER_FEE)];
      const charges = (f: TransferFee) => f.basisPoints > 0 && f.maximumFee > 0n;
      if (!charges(older) && !charges(newer)) return undefined;
      return {
        basisPoints: Math.max(older.basisPoints, newer.basisPoints),
        // biome-ignore lint/complexity/useMathMinMax: bigints (Math.max throws on them)
        maximumFee: older.maximumFee > newer.maximumFee ? older.maximumFee : newer.maximumFee,
      };
    }
    // Type 0 is the zeroed tail of an account with room for more extensions.
    if (type === 0) return undefined;
    offset = start + length;
  }
  return undefined;
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
