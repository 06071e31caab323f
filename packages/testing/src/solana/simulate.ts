// simulateTransaction (and sendTransaction's preflight): LiteSVM's simulation rendered as the RPC's
// RpcSimulateTransactionResult, with the checks a bank makes first (signatures, then blockhash age).
import type { Address } from "@solana/kit";
import { FailedTransactionMetadata, type LiteSVM } from "litesvm";
import { type AccountEncodingRequest, type AccountSnapshot, encodeAccount, readAccount } from "./accounts.js";
import { toBase58, toBase64 } from "./bytes.js";
import { type TransactionErrorJson, transactionErrorToJson } from "./errors.js";
import {
  type ExecutionContext,
  innerInstructionsOf,
  readBalances,
  resolveAccountKeys,
  returnDataOf,
} from "./execute.js";
import type { TransactionRecord } from "./records.js";
import { svmAccess } from "./svm-access.js";
import { messageFee, type WireTransaction } from "./wire.js";

/** Options of a simulation. */
export interface SimulationOptions {
  readonly sigVerify: boolean;
  readonly checkBlockhash: boolean;
  readonly innerInstructions: boolean;
  readonly accounts?: { readonly addresses: readonly Address[]; readonly encoding: AccountEncodingRequest };
  /** False when only `err` matters unless there is one (default true). */
  readonly detail?: boolean;
  /** `{ blockhash, lastValidBlockHeight }` when the blockhash was replaced, reported back as is. */
  readonly replacementBlockhash?: unknown;
}

/** Result of a simulation: the RPC `value`, or a signature failure (answered -32003 by the RPC). */
export type SimulationOutcome =
  | { readonly signatureFailure: true }
  | {
      readonly signatureFailure: false;
      readonly err: TransactionErrorJson | null;
      readonly value: Record<string, unknown>;
    };

function rejectedValue(err: TransactionErrorJson, replacementBlockhash: unknown): Record<string, unknown> {
  return {
    accounts: null,
    err,
    fee: null,
    innerInstructions: null,
    loadedAddresses: null,
    logs: [],
    postBalances: null,
    postTokenBalances: null,
    preBalances: null,
    preTokenBalances: null,
    replacementBlockhash,
    returnData: null,
    unitsConsumed: 0n,
  };
}

function simulateWithSigverify(svm: LiteSVM, tx: WireTransaction, sigVerify: boolean) {
  // The engine keeps LiteSVM's sigverify on; a simulation without it switches it off for one call.
  svm.withSigverify(sigVerify);
  try {
    return svmAccess(svm).simulate(tx);
  } finally {
    svm.withSigverify(true);
  }
}

/** Simulates a transaction against the current state without changing it. */
export function simulateTransaction(
  ctx: ExecutionContext,
  tx: WireTransaction,
  options: SimulationOptions,
): SimulationOutcome {
  const { svm, chain } = ctx;
  const replacement = options.replacementBlockhash ?? null;
  const result = simulateWithSigverify(svm, tx, options.sigVerify);
  const failed = result instanceof FailedTransactionMetadata;
  const err: TransactionErrorJson | null =
    result === "SignatureFailure" ? result : failed ? transactionErrorToJson(result.err()) : null;
  if (options.sigVerify && err === "SignatureFailure") return { signatureFailure: true };
  if (options.checkBlockhash && !chain.isBlockhashValid(tx.message.recentBlockhash)) {
    return {
      signatureFailure: false,
      err: "BlockhashNotFound",
      value: rejectedValue("BlockhashNotFound", replacement),
    };
  }
  if (result === "SignatureFailure") {
    return { signatureFailure: false, err: result, value: rejectedValue(result, replacement) };
  }
  // sendTransaction's preflight only needs the details when it fails.
  if (options.detail === false && err === null) return { signatureFailure: false, err, value: {} };
  const { keys, loaded } = resolveAccountKeys(svm, tx);
  const pre = readBalances(svm, keys);
  const meta = result instanceof FailedTransactionMetadata ? result.meta() : result.meta;
  let postAccounts: Map<string, AccountSnapshot> | undefined;
  if (!(result instanceof FailedTransactionMetadata)) {
    postAccounts = new Map(result.postAccounts.map((account) => [account.address, account]));
  }
  const post = postAccounts === undefined ? undefined : readBalances(svm, keys, postAccounts);
  const requested = options.accounts;
  const accounts =
    requested === undefined || postAccounts === undefined
      ? null
      : requested.addresses.map((address) => {
          const account = postAccounts.get(address) ?? readAccount(svm, address);
          return account === null ? null : encodeAccount(svm, account, requested.encoding);
        });
  const returnData = returnDataOf(meta);
  return {
    signatureFailure: false,
    err,
    value: {
      accounts,
      err,
      fee: messageFee(tx.message),
      innerInstructions: options.innerInstructions
        ? renderInnerInstructions(innerInstructionsOf(meta))
        : null,
      loadedAddresses: loaded,
      logs: meta.logs(),
      postBalances: post?.balances ?? null,
      postTokenBalances: post?.tokenBalances ?? null,
      preBalances: pre.balances,
      preTokenBalances: pre.tokenBalances,
      replacementBlockhash: replacement,
      returnData:
        returnData === null
          ? null
          : { data: [toBase64(returnData.data), "base64"], programId: returnData.programId },
      unitsConsumed: meta.computeUnitsConsumed(),
    },
  };
}

function renderInnerInstructions(list: TransactionRecord["innerInstructions"]): unknown {
  return list.map(({ index, instructions }) => ({
    index,
    instructions: instructions.map((ix) => ({
      accounts: ix.accounts,
      data: toBase58(ix.data),
      programIdIndex: ix.programIdIndex,
      stackHeight: ix.stackHeight,
    })),
  }));
}
