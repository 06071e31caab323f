// The ledger of processed transactions, and its rendering as getTransaction results.
import type { Address } from "@solana/kit";
import { toBase58, toBase64 } from "./bytes.js";
import { SYSTEM_PROGRAM } from "./constants.js";
import { RPC_ERROR_CODES, rpcError, type TransactionErrorJson } from "./errors.js";
import { parseInstruction } from "./parsed-instructions.js";
import type { UiTokenAmount } from "./token.js";
import { isSigner, isWritableIndex, type WireTransaction } from "./wire.js";

/** A token balance entry of transaction metadata. */
export interface TokenBalance {
  readonly accountIndex: number;
  readonly mint: Address;
  readonly owner: Address;
  readonly programId: Address;
  readonly uiTokenAmount: UiTokenAmount;
}

/** A CPI made by a top-level instruction, in compiled form. */
export interface InnerInstructionRecord {
  readonly programIdIndex: number;
  readonly accounts: readonly number[];
  readonly data: Uint8Array;
  readonly stackHeight: number;
}

/** Addresses a v0 transaction loaded from lookup tables. */
export interface LoadedAddresses {
  readonly writable: readonly Address[];
  readonly readonly: readonly Address[];
}

/** Everything kept about a processed transaction. */
export interface TransactionRecord {
  readonly signature: string;
  readonly slot: bigint;
  readonly blockTime: bigint;
  readonly transaction: WireTransaction;
  /** Static keys, then loaded writable, then loaded readonly: the runtime's account order. */
  readonly accountKeys: readonly Address[];
  readonly loadedAddresses: LoadedAddresses;
  readonly fee: bigint;
  readonly err: TransactionErrorJson | null;
  readonly preBalances: readonly bigint[];
  readonly postBalances: readonly bigint[];
  readonly preTokenBalances: readonly TokenBalance[];
  readonly postTokenBalances: readonly TokenBalance[];
  readonly logMessages: readonly string[];
  readonly innerInstructions: readonly { index: number; instructions: readonly InnerInstructionRecord[] }[];
  readonly computeUnitsConsumed: bigint;
  readonly returnData: { readonly programId: Address; readonly data: Uint8Array } | null;
}

/** Signature-indexed store of transaction records. */
export interface TransactionStore {
  get(signature: string): TransactionRecord | undefined;
  add(record: TransactionRecord): void;
  /** How many transactions were ever recorded. */
  count(): bigint;
}

/** Creates a store that forgets the oldest records beyond `maxRecords` (they are long past any blockhash). */
export function createTransactionStore(maxRecords: number): TransactionStore {
  const records = new Map<string, TransactionRecord>();
  let total = 0n;
  return {
    get: (signature) => records.get(signature),
    add(record) {
      records.set(record.signature, record);
      total += 1n;
      if (records.size > maxRecords) {
        const oldest = records.keys().next();
        if (oldest.done !== true) records.delete(oldest.value);
      }
    },
    count: () => total,
  };
}

/** Options of getTransaction that shape the result. */
export interface TransactionRenderOptions {
  readonly encoding: "json" | "jsonParsed" | "base64" | "base58";
  readonly maxSupportedTransactionVersion: number | undefined;
}

// Programs and sysvars that the runtime never lets a transaction write, whatever the header says.
const READONLY_RESERVED = new Set<string>([
  SYSTEM_PROGRAM,
  "ComputeBudget111111111111111111111111111111",
  "AddressLookupTab1e1111111111111111111111111",
  "BPFLoaderUpgradeab1e11111111111111111111111",
  "Ed25519SigVerify111111111111111111111111111",
  "KeccakSecp256k11111111111111111111111111111",
  "Secp256r1SigVerify1111111111111111111111111",
]);

/** Whether the runtime treats account `index` of a recorded transaction as writable. */
function isRecordAccountWritable(record: TransactionRecord, index: number): boolean {
  const message = record.transaction.message;
  if (!isWritableIndex(message, index, record.loadedAddresses.writable.length)) return false;
  const key = record.accountKeys[index] ?? "";
  if (READONLY_RESERVED.has(key) || key.startsWith("Sysvar")) return false;
  return !message.instructions.some((ix) => ix.programIdIndex === index);
}

/** Renders a record as the result of getTransaction. */
export function renderTransaction(record: TransactionRecord, options: TransactionRenderOptions): unknown {
  const message = record.transaction.message;
  const { maxSupportedTransactionVersion } = options;
  if (
    message.version === 0 &&
    (maxSupportedTransactionVersion === undefined || maxSupportedTransactionVersion < 0)
  ) {
    throw rpcError(
      RPC_ERROR_CODES.UNSUPPORTED_TRANSACTION_VERSION,
      'Transaction version (0) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": 0',
    );
  }
  const parsed = options.encoding === "jsonParsed";
  const result: Record<string, unknown> = {
    blockTime: record.blockTime,
    meta: renderMeta(record, parsed),
    slot: record.slot,
    transaction: renderTransactionBody(record, options.encoding),
  };
  if (maxSupportedTransactionVersion !== undefined) result["version"] = message.version;
  return result;
}

function renderMeta(record: TransactionRecord, parsed: boolean): Record<string, unknown> {
  const keys = record.accountKeys;
  const innerInstructions = record.innerInstructions.map(({ index, instructions }) => ({
    index,
    instructions: instructions.map((ix) =>
      parsed
        ? parseInstruction(
            keys[ix.programIdIndex] ?? SYSTEM_PROGRAM,
            ix.accounts.map((i) => keys[i] ?? SYSTEM_PROGRAM),
            ix.data,
            ix.stackHeight,
          )
        : {
            accounts: ix.accounts,
            data: toBase58(ix.data),
            programIdIndex: ix.programIdIndex,
            stackHeight: ix.stackHeight,
          },
    ),
  }));
  const meta: Record<string, unknown> = {
    computeUnitsConsumed: record.computeUnitsConsumed,
    err: record.err,
    fee: record.fee,
    innerInstructions,
    logMessages: record.logMessages,
    postBalances: record.postBalances,
    postTokenBalances: record.postTokenBalances,
    preBalances: record.preBalances,
    preTokenBalances: record.preTokenBalances,
    rewards: [],
    status: record.err === null ? { Ok: null } : { Err: record.err },
  };
  // jsonParsed lists loaded addresses among the account keys instead.
  if (!parsed) meta["loadedAddresses"] = record.loadedAddresses;
  if (record.returnData !== null) {
    meta["returnData"] = {
      data: [toBase64(record.returnData.data), "base64"],
      programId: record.returnData.programId,
    };
  }
  return meta;
}

function renderTransactionBody(
  record: TransactionRecord,
  encoding: TransactionRenderOptions["encoding"],
): unknown {
  const tx = record.transaction;
  if (encoding === "base64") return [toBase64(tx.bytes), "base64"];
  if (encoding === "base58") return [toBase58(tx.bytes), "base58"];
  const message = tx.message;
  const keys = record.accountKeys;
  const body: Record<string, unknown> = { recentBlockhash: message.recentBlockhash };
  if (encoding === "jsonParsed") {
    const staticCount = message.staticAccountKeys.length;
    body["accountKeys"] = keys.map((pubkey, i) => ({
      pubkey,
      signer: isSigner(message, i),
      source: i < staticCount ? "transaction" : "lookupTable",
      writable: isRecordAccountWritable(record, i),
    }));
    body["instructions"] = message.instructions.map((ix) =>
      parseInstruction(
        keys[ix.programIdIndex] ?? SYSTEM_PROGRAM,
        ix.accounts.map((i) => keys[i] ?? SYSTEM_PROGRAM),
        ix.data,
        null,
      ),
    );
  } else {
    body["accountKeys"] = message.staticAccountKeys;
    body["header"] = message.header;
    body["instructions"] = message.instructions.map((ix) => ({
      accounts: ix.accounts,
      data: toBase58(ix.data),
      programIdIndex: ix.programIdIndex,
      stackHeight: null,
    }));
  }
  if (message.version === 0) body["addressTableLookups"] = message.addressTableLookups;
  return { message: body, signatures: tx.signatures.map((s) => toBase58(s)) };
}
