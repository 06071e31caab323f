// Running transactions through LiteSVM the way a validator would: balances read before and after, a slot
// for each landed transaction, and failures that never land (bad blockhash, fee payer unable to pay, bad
// signatures, duplicates) dropped without a record, so only landed transactions have a status.
import type { Address } from "@solana/kit";
import { FailedTransactionMetadata, type LiteSVM, type TransactionMetadata } from "litesvm";
import { type AccountSnapshot, readAccount } from "./accounts.js";
import { readAddress } from "./bytes.js";
import type { ChainState } from "./chain.js";
import { type TransactionErrorJson, transactionErrorToJson } from "./errors.js";
import type {
  InnerInstructionRecord,
  LoadedAddresses,
  TokenBalance,
  TransactionRecord,
  TransactionStore,
} from "./records.js";
import { svmAccess } from "./svm-access.js";
import { decodeMint, decodeTokenAccount, isTokenProgram, uiTokenAmount } from "./token.js";
import { messageFee, transactionSignature, type WireTransaction } from "./wire.js";

/** What execution needs from the engine. */
export interface ExecutionContext {
  readonly svm: LiteSVM;
  readonly chain: ChainState;
  readonly store: TransactionStore;
}

/** Result of sending: a record when the transaction landed, else the reason it was dropped. */
export type SendOutcome =
  | { readonly landed: true; readonly record: TransactionRecord }
  | { readonly landed: false; readonly err: TransactionErrorJson };

const LOOKUP_TABLE_META_SIZE = 56;

/** The runtime's account list: static keys, then loaded writable, then loaded readonly addresses. */
export function resolveAccountKeys(
  svm: LiteSVM,
  tx: WireTransaction,
): { keys: readonly Address[]; loaded: LoadedAddresses } {
  const writable: Address[] = [];
  const readonly: Address[] = [];
  for (const lookup of tx.message.addressTableLookups) {
    const table = readAccount(svm, lookup.accountKey);
    const entry = (i: number) =>
      table !== null && LOOKUP_TABLE_META_SIZE + 32 * (i + 1) <= table.data.length
        ? readAddress(table.data, LOOKUP_TABLE_META_SIZE + 32 * i)
        : undefined;
    for (const i of lookup.writableIndexes) writable.push(entry(i) ?? lookup.accountKey);
    for (const i of lookup.readonlyIndexes) readonly.push(entry(i) ?? lookup.accountKey);
  }
  return {
    keys: [...tx.message.staticAccountKeys, ...writable, ...readonly],
    loaded: { writable, readonly },
  };
}

/** Lamport and token balances of accounts, in the order given. */
export function readBalances(
  svm: LiteSVM,
  keys: readonly Address[],
  overrides?: ReadonlyMap<string, AccountSnapshot>,
): { balances: bigint[]; tokenBalances: TokenBalance[] } {
  const balances: bigint[] = [];
  const tokenBalances: TokenBalance[] = [];
  const decimals = new Map<string, number | null>();
  keys.forEach((key, accountIndex) => {
    const account = overrides?.get(key) ?? readAccount(svm, key);
    balances.push(account?.lamports ?? 0n);
    // Only token accounts' data is needed; program accounts hold whole ELF images.
    const token =
      account === null || !isTokenProgram(account.owner)
        ? null
        : decodeTokenAccount(account.data, account.owner);
    if (token === null) return;
    if (!decimals.has(token.mint)) {
      const mint = readAccount(svm, token.mint);
      decimals.set(token.mint, mint === null ? null : (decodeMint(mint.data, mint.owner)?.decimals ?? null));
    }
    const mintDecimals = decimals.get(token.mint);
    if (mintDecimals === null || mintDecimals === undefined) return;
    tokenBalances.push({
      accountIndex,
      mint: token.mint,
      owner: token.owner,
      programId: token.programId,
      uiTokenAmount: uiTokenAmount(token.amount, mintDecimals),
    });
  });
  return { balances, tokenBalances };
}

/** CPIs of a LiteSVM result, grouped by top-level instruction as the RPC groups them. */
export function innerInstructionsOf(meta: TransactionMetadata): TransactionRecord["innerInstructions"] {
  const out: { index: number; instructions: InnerInstructionRecord[] }[] = [];
  meta.innerInstructions().forEach((list, index) => {
    if (list.length === 0) return;
    const instructions = list.map((inner) => {
      const ix = inner.instruction();
      return {
        programIdIndex: ix.programIdIndex(),
        accounts: Array.from(ix.accounts()),
        data: Uint8Array.from(ix.data()),
        stackHeight: inner.stackHeight(),
      };
    });
    out.push({ index, instructions });
  });
  return out;
}

/** Return data of a LiteSVM result (none when empty). */
export function returnDataOf(meta: TransactionMetadata): TransactionRecord["returnData"] {
  const returnData = meta.returnData();
  const data = returnData.data();
  return data.length === 0
    ? null
    : { programId: readAddress(returnData.programId()), data: Uint8Array.from(data) };
}

/** Sends a transaction into the next slot and records it if it lands. */
export function executeTransaction(ctx: ExecutionContext, tx: WireTransaction): SendOutcome {
  const { svm, chain, store } = ctx;
  const signature = transactionSignature(tx);
  if (store.get(signature) !== undefined) return { landed: false, err: "AlreadyProcessed" };
  if (!chain.isBlockhashValid(tx.message.recentBlockhash)) return { landed: false, err: "BlockhashNotFound" };
  const { keys, loaded } = resolveAccountKeys(svm, tx);
  const pre = readBalances(svm, keys);
  const slot = chain.slotForTransaction();
  const result = svmAccess(svm).send(tx);
  if (result === "SignatureFailure") return { landed: false, err: result };
  let err: TransactionErrorJson | null = null;
  let meta: TransactionMetadata;
  if (result instanceof FailedTransactionMetadata) {
    err = transactionErrorToJson(result.err());
    // LiteSVM keeps a failed transaction in its history only if it was charged a fee, i.e. it landed.
    if (err === "AlreadyProcessed" || svm.getTransaction(signature as never) === null)
      return { landed: false, err };
    meta = result.meta();
  } else {
    meta = result;
  }
  const post = readBalances(svm, keys);
  const record: TransactionRecord = {
    signature,
    slot,
    blockTime: chain.blockTime(),
    transaction: tx,
    accountKeys: keys,
    loadedAddresses: loaded,
    fee: messageFee(tx.message),
    err,
    preBalances: pre.balances,
    postBalances: post.balances,
    preTokenBalances: pre.tokenBalances,
    postTokenBalances: post.tokenBalances,
    logMessages: meta.logs(),
    innerInstructions: innerInstructionsOf(meta),
    computeUnitsConsumed: meta.computeUnitsConsumed(),
    returnData: returnDataOf(meta),
  };
  store.add(record);
  return { landed: true, record };
}
