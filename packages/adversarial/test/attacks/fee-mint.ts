// Token-2022 mints with a TransferFeeConfig, written straight into LiteSVM's state (the engine's setAccount):
// the 82-byte base mint, zero padding to 165, account type 1, then one TLV entry (type 1, length 108) holding
// config authority, withdraw authority, withheld u64, and the older and newer fee {epoch, max fee, bps}.
import { type SolanaEngine, TOKEN_2022_PROGRAM } from "@paymux/testing/solana";
import type { Address } from "@solana/kit";
import { getMintEncoder } from "@solana-program/token";

const FEE_FIELDS = 170; // 165 padding + 1 account type + 4 TLV header

/** A transfer fee: basis points of each transfer, capped at `maximumFee` atomic units. */
export type Fee = { basisPoints: number; maximumFee: bigint };

/** Writes a 6-decimal Token-2022 mint with a TransferFeeConfig (both fees = `fee`) at `address`. */
export function writeFeeMint(engine: SolanaEngine, address: Address, mintAuthority: Address, fee: Fee): void {
  const data = new Uint8Array(FEE_FIELDS + 108);
  data.set(
    getMintEncoder().encode({
      mintAuthority,
      supply: 0n,
      decimals: 6,
      isInitialized: true,
      freezeAuthority: null,
    }),
  );
  data[165] = 1;
  const view = new DataView(data.buffer);
  view.setUint16(166, 1, true);
  view.setUint16(168, 108, true);
  writeFees(data, fee, fee);
  engine.setAccount({
    address,
    lamports: engine.svm.minimumBalanceForRentExemption(BigInt(data.length)),
    owner: TOKEN_2022_PROGRAM,
    data,
  });
}

/** Puts a new fee in effect on an existing fee mint (as its newer fee), keeping its supply and the rest. */
export function changeFee(engine: SolanaEngine, address: Address, fee: Fee): void {
  const account = engine.getAccount(address);
  if (!account) throw new Error(`no mint at ${address}`);
  const data = Uint8Array.from(account.data);
  const view = new DataView(data.buffer);
  const older = {
    basisPoints: view.getUint16(FEE_FIELDS + 88, true),
    maximumFee: view.getBigUint64(FEE_FIELDS + 80, true),
  };
  writeFees(data, older, fee);
  engine.setAccount({ address, lamports: account.lamports, owner: account.owner, data });
}

function writeFees(data: Uint8Array, older: Fee, newer: Fee): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (const [at, fee] of [
    [72, older],
    [90, newer],
  ] as const) {
    view.setBigUint64(FEE_FIELDS + at, 0n, true); // epoch 0: in effect already
    view.setBigUint64(FEE_FIELDS + at + 8, fee.maximumFee, true);
    view.setUint16(FEE_FIELDS + at + 16, fee.basisPoints, true);
  }
}
