// Readers of the few instructions a payment transaction may hold, straight from compiled bytes (layouts in
// payment-auth.md §6). Each returns undefined when the instruction is not exactly that shape.
import type { Address, LegacyCompiledTransactionMessage, V0CompiledTransactionMessage } from "@solana/kit";
import { COMPUTE_BUDGET_PROGRAM, isTokenProgram, MEMO_PROGRAM, SYSTEM_PROGRAM } from "../constants.js";

/** A compiled instruction with its addresses resolved from the static account list. */
export type ResolvedInstruction = { program: Address; accounts: Address[]; data: Uint8Array };

/** Resolves every instruction's program and accounts; undefined when one points outside the static accounts. */
export function resolveInstructions(
  message: LegacyCompiledTransactionMessage | V0CompiledTransactionMessage,
): ResolvedInstruction[] | undefined {
  const keys = message.staticAccounts;
  const resolved: ResolvedInstruction[] = [];
  for (const instruction of message.instructions) {
    const program = keys[instruction.programAddressIndex];
    const accounts = (instruction.accountIndices ?? []).map((index) => keys[index]);
    if (program === undefined || accounts.some((account) => account === undefined)) return undefined;
    resolved.push({
      program,
      accounts: accounts as Address[],
      data: new Uint8Array(instruction.data ?? new Uint8Array()),
    });
  }
  return resolved;
}

const view = (data: Uint8Array) => new DataView(data.buffer, data.byteOffset, data.byteLength);

/** SetComputeUnitLimit (`u8 2 ‖ u32le`) → units. */
export function readComputeUnitLimit(ix: ResolvedInstruction): number | undefined {
  if (ix.program !== COMPUTE_BUDGET_PROGRAM || ix.accounts.length > 0 || ix.data.length !== 5)
    return undefined;
  return ix.data[0] === 2 ? view(ix.data).getUint32(1, true) : undefined;
}

/** SetComputeUnitPrice (`u8 3 ‖ u64le`) → microlamports. */
export function readComputeUnitPrice(ix: ResolvedInstruction): bigint | undefined {
  if (ix.program !== COMPUTE_BUDGET_PROGRAM || ix.accounts.length > 0 || ix.data.length !== 9)
    return undefined;
  return ix.data[0] === 3 ? view(ix.data).getBigUint64(1, true) : undefined;
}

/** An SPL TransferChecked, on Token or Token-2022. */
export type TransferChecked = {
  program: Address;
  source: Address;
  mint: Address;
  destination: Address;
  authority: Address;
  amount: bigint;
  decimals: number;
};

/** TransferChecked (`u8 12 ‖ u64le amount ‖ u8 decimals`, accounts source, mint, destination, authority). */
export function readTransferChecked(ix: ResolvedInstruction): TransferChecked | undefined {
  if (!isTokenProgram(ix.program) || ix.data.length !== 10 || ix.data[0] !== 12) return undefined;
  // Exactly four accounts: multisig authorities and transfer-hook extras are not payment shapes paymux signs.
  const [source, mint, destination, authority] = ix.accounts;
  if (ix.accounts.length !== 4 || !source || !mint || !destination || !authority) return undefined;
  return {
    program: ix.program,
    source,
    mint,
    destination,
    authority,
    amount: view(ix.data).getBigUint64(1, true),
    decimals: ix.data[9] as number,
  };
}

/** A System transfer of lamports. */
export type SystemTransfer = { source: Address; destination: Address; lamports: bigint };

/** System Transfer (`u32le 2 ‖ u64le lamports`, accounts source, destination). */
export function readSystemTransfer(ix: ResolvedInstruction): SystemTransfer | undefined {
  if (ix.program !== SYSTEM_PROGRAM || ix.data.length !== 12 || view(ix.data).getUint32(0, true) !== 2) {
    return undefined;
  }
  const [source, destination] = ix.accounts;
  if (ix.accounts.length !== 2 || !source || !destination) return undefined;
  return { source, destination, lamports: view(ix.data).getBigUint64(4, true) };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A Memo's text; `null` for a memo whose bytes are not UTF-8 (the program itself would reject it). */
export function readMemo(ix: ResolvedInstruction): string | null | undefined {
  if (ix.program !== MEMO_PROGRAM) return undefined;
  try {
    return utf8.decode(ix.data);
  } catch {
    return null;
  }
}
