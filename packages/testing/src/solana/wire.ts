// The Solana wire format (legacy and v0), read directly: the engine needs offsets (to swap the blockhash),
// raw instruction bytes (fees, parsing) and the account list in runtime order, and it must report malformed
// input as the RPC does instead of failing inside a decoder.
import type { Address } from "@solana/kit";
import { concatBytes, encodeCompactU16, readAddress, toBase58 } from "./bytes.js";
import { LAMPORTS_PER_SIGNATURE } from "./constants.js";

/** The three counts at the start of a message. */
export interface MessageHeader {
  readonly numRequiredSignatures: number;
  readonly numReadonlySignedAccounts: number;
  readonly numReadonlyUnsignedAccounts: number;
}

/** One compiled instruction: indexes into the account list. */
export interface WireInstruction {
  readonly programIdIndex: number;
  readonly accounts: readonly number[];
  readonly data: Uint8Array;
}

/** One v0 address-table lookup. */
export interface WireLookup {
  readonly accountKey: Address;
  readonly writableIndexes: readonly number[];
  readonly readonlyIndexes: readonly number[];
}

/** A decoded message plus where its blockhash sits. */
export interface WireMessage {
  readonly version: "legacy" | 0;
  readonly header: MessageHeader;
  readonly staticAccountKeys: readonly Address[];
  readonly recentBlockhash: string;
  readonly blockhashOffset: number;
  readonly instructions: readonly WireInstruction[];
  readonly addressTableLookups: readonly WireLookup[];
  readonly bytes: Uint8Array;
}

/** A decoded transaction. */
export interface WireTransaction {
  readonly signatures: readonly Uint8Array[];
  readonly message: WireMessage;
  readonly bytes: Uint8Array;
}

interface Cursor {
  readonly bytes: Uint8Array;
  offset: number;
}

function take(cursor: Cursor, length: number): Uint8Array {
  if (cursor.offset + length > cursor.bytes.length) throw new Error("io error: unexpected end of file");
  const out = cursor.bytes.subarray(cursor.offset, cursor.offset + length);
  cursor.offset += length;
  return out;
}

function byte(cursor: Cursor): number {
  return take(cursor, 1)[0] ?? 0;
}

function compactU16(cursor: Cursor): number {
  let value = 0;
  for (let shift = 0; shift < 21; shift += 7) {
    const b = byte(cursor);
    value |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) {
      if (value > 0xffff) throw new Error("invalid compact-u16 length");
      return value;
    }
  }
  throw new Error("invalid compact-u16 length");
}

function indexList(cursor: Cursor): number[] {
  return Array.from(take(cursor, compactU16(cursor)));
}

/** Decodes message bytes (legacy or v0); throws an Error saying what is wrong. */
export function parseMessage(bytes: Uint8Array): WireMessage {
  const cursor: Cursor = { bytes, offset: 0 };
  const first = bytes[0] ?? 0;
  let version: "legacy" | 0 = "legacy";
  if (first & 0x80) {
    if ((first & 0x7f) !== 0) throw new Error(`unsupported transaction version ${first & 0x7f}`);
    version = 0;
    cursor.offset = 1;
  }
  const header: MessageHeader = {
    numRequiredSignatures: byte(cursor),
    numReadonlySignedAccounts: byte(cursor),
    numReadonlyUnsignedAccounts: byte(cursor),
  };
  const keyCount = compactU16(cursor);
  const staticAccountKeys: Address[] = [];
  for (let i = 0; i < keyCount; i++) staticAccountKeys.push(readAddress(take(cursor, 32)));
  const blockhashOffset = cursor.offset;
  const recentBlockhash = toBase58(take(cursor, 32));
  const instructions: WireInstruction[] = [];
  const instructionCount = compactU16(cursor);
  for (let i = 0; i < instructionCount; i++) {
    const programIdIndex = byte(cursor);
    const accounts = indexList(cursor);
    const data = Uint8Array.from(take(cursor, compactU16(cursor)));
    instructions.push({ programIdIndex, accounts, data });
  }
  const addressTableLookups: WireLookup[] = [];
  if (version === 0) {
    const lookupCount = compactU16(cursor);
    for (let i = 0; i < lookupCount; i++) {
      const accountKey = readAddress(take(cursor, 32));
      addressTableLookups.push({
        accountKey,
        writableIndexes: indexList(cursor),
        readonlyIndexes: indexList(cursor),
      });
    }
  }
  if (cursor.offset !== bytes.length) throw new Error("trailing bytes after the message");
  return {
    version,
    header,
    staticAccountKeys,
    recentBlockhash,
    blockhashOffset,
    instructions,
    addressTableLookups,
    bytes,
  };
}

/** Decodes a wire transaction; throws an Error saying what is wrong. */
export function parseTransaction(bytes: Uint8Array): WireTransaction {
  const cursor: Cursor = { bytes, offset: 0 };
  const signatureCount = compactU16(cursor);
  const signatures: Uint8Array[] = [];
  for (let i = 0; i < signatureCount; i++) signatures.push(Uint8Array.from(take(cursor, 64)));
  const message = parseMessage(bytes.subarray(cursor.offset));
  return { signatures, message, bytes };
}

/** The transaction id: its first signature in base58 (all '1's when unsigned, as the RPC reports it). */
export function transactionSignature(tx: WireTransaction): string {
  return toBase58(tx.signatures[0] ?? new Uint8Array(64));
}

/** Tells whether a signature slot was left empty (all zero bytes). */
export function isEmptySignature(signature: Uint8Array): boolean {
  return signature.every((b) => b === 0);
}

/** Returns the transaction bytes with another recent blockhash (signatures untouched, hence invalid). */
export function withBlockhash(tx: WireTransaction, blockhash: Uint8Array): Uint8Array {
  const out = Uint8Array.from(tx.bytes);
  const messageStart = tx.bytes.length - tx.message.bytes.length;
  out.set(blockhash, messageStart + tx.message.blockhashOffset);
  return out;
}

const PRECOMPILES = new Set<string>([
  "Ed25519SigVerify111111111111111111111111111",
  "KeccakSecp256k11111111111111111111111111111",
  "Secp256r1SigVerify1111111111111111111111111",
]);

const COMPUTE_BUDGET = "ComputeBudget111111111111111111111111111111";
const DEFAULT_UNITS_PER_INSTRUCTION = 200_000n;
const MAX_UNITS = 1_400_000n;

/**
 * The fee LiteSVM charges, as a validator does: 5,000 lamports per transaction and precompile signature, plus the
 * priority fee ceil(compute-unit price in µlamports × compute-unit limit / 10^6).
 */
export function messageFee(message: WireMessage): bigint {
  let signatures = message.header.numRequiredSignatures;
  let price = 0n;
  let limit: bigint | undefined;
  let others = 0n;
  for (const ix of message.instructions) {
    const program = message.staticAccountKeys[ix.programIdIndex];
    if (program !== undefined && PRECOMPILES.has(program)) signatures += ix.data[0] ?? 0;
    if (program !== COMPUTE_BUDGET) {
      others += 1n;
      continue;
    }
    const view = new DataView(ix.data.buffer, ix.data.byteOffset, ix.data.byteLength);
    if (ix.data[0] === 2 && ix.data.length >= 5) limit = BigInt(view.getUint32(1, true));
    if (ix.data[0] === 3 && ix.data.length >= 9) price = view.getBigUint64(1, true);
  }
  const units =
    limit ??
    (others * DEFAULT_UNITS_PER_INSTRUCTION < MAX_UNITS ? others * DEFAULT_UNITS_PER_INSTRUCTION : MAX_UNITS);
  const priority = (price * units + 999_999n) / 1_000_000n;
  return BigInt(signatures) * LAMPORTS_PER_SIGNATURE + priority;
}

/** Whether account `index` (static keys first, then loaded writable, then loaded readonly) is a signer. */
export function isSigner(message: WireMessage, index: number): boolean {
  return index < message.header.numRequiredSignatures;
}

/** Whether account `index` is writable per the header (before the runtime demotes programs and sysvars). */
export function isWritableIndex(message: WireMessage, index: number, loadedWritableCount: number): boolean {
  const { numRequiredSignatures, numReadonlySignedAccounts, numReadonlyUnsignedAccounts } = message.header;
  const staticCount = message.staticAccountKeys.length;
  if (index >= staticCount) return index < staticCount + loadedWritableCount;
  if (index < numRequiredSignatures) return index < numRequiredSignatures - numReadonlySignedAccounts;
  return index < staticCount - numReadonlyUnsignedAccounts;
}

/** Builds legacy message bytes from parts (used to craft the faucet's transfers). */
export function encodeLegacyMessage(
  header: MessageHeader,
  keys: readonly Uint8Array[],
  blockhash: Uint8Array,
  instructions: readonly WireInstruction[],
): Uint8Array {
  const compact = encodeCompactU16;
  const parts: (Uint8Array | number[])[] = [
    [header.numRequiredSignatures, header.numReadonlySignedAccounts, header.numReadonlyUnsignedAccounts],
    compact(keys.length),
    ...keys,
    blockhash,
    compact(instructions.length),
  ];
  for (const ix of instructions) {
    parts.push(
      [ix.programIdIndex],
      compact(ix.accounts.length),
      [...ix.accounts],
      compact(ix.data.length),
      ix.data,
    );
  }
  return concatBytes(parts);
}
