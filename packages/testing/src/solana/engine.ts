// The engine: a LiteSVM instance behind the Solana JSON-RPC method set, plus the controls tests need
// (slots, blockhash expiry, airdrops, raw account writes).
import type { Address } from "@solana/kit";
import { LiteSVM } from "litesvm";
import { type AccountSnapshot, readAccount } from "./accounts.js";
import { createChainState } from "./chain.js";
import { caip2FromGenesisHash, PAYMUX_LOCALNET_GENESIS_HASH, REPORTED_CORE_VERSION } from "./constants.js";
import { RPC_ERROR_CODES, rpcError } from "./errors.js";
import { createFaucet } from "./faucet.js";
import type { EngineInternals, MethodTable } from "./internals.js";
import { accountMethods } from "./methods-accounts.js";
import { clusterMethods } from "./methods-cluster.js";
import { airdrop, transactionMethods } from "./methods-transactions.js";
import { paramList } from "./params.js";
import { createTransactionStore, type TransactionRecord } from "./records.js";

/** Options of {@link createSolanaEngine}. */
export interface CreateSolanaEngineParameters {
  /** Genesis hash reported by getGenesisHash (default: paymux's fixed localnet hash). */
  readonly genesisHash?: string;
  /** A LiteSVM instance to serve (default: `new LiteSVM()` with SPL programs built in). */
  readonly svm?: LiteSVM;
  /** Transaction records kept for getTransaction (default 100,000; the oldest are forgotten first). */
  readonly maxTransactionRecords?: number;
  /**
   * Transactions that share a slot (default 1: every transaction opens a new slot and blockhash). Raise it
   * for load tests that sign more than 150 transactions against one blockhash.
   */
  readonly transactionsPerSlot?: number;
  /** Lamports the airdrop faucet starts with (default 10^18, a billion SOL). */
  readonly faucetLamports?: bigint;
}

/** An account to write directly into the chain state. */
export interface SetAccountParameters {
  readonly address: Address;
  readonly lamports: bigint;
  readonly owner: Address;
  readonly data?: Uint8Array;
  readonly executable?: boolean;
}

/** A LiteSVM-backed Solana JSON-RPC engine. */
export interface SolanaEngine {
  /** The LiteSVM instance underneath (escape hatch; prefer the engine's own controls). */
  readonly svm: LiteSVM;
  /** Genesis hash reported by getGenesisHash. */
  readonly genesisHash: string;
  /** CAIP-2 id of this chain (`solana:` + first 32 characters of the genesis hash). */
  readonly caip2: `solana:${string}`;
  /** Address of the airdrop faucet. */
  readonly faucet: Address;
  /** Names of the RPC methods served. */
  readonly methods: readonly string[];
  /** Answers one RPC call with its `result`; throws a SolanaRpcError for RPC errors. */
  call(method: string, params?: unknown): unknown;
  /** The current slot (equal to the block height). */
  slot(): bigint;
  /** The latest blockhash and its last valid block height. */
  latestBlockhash(): { readonly blockhash: string; readonly lastValidBlockHeight: bigint };
  /** Advances the chain `count` slots (each with a fresh blockhash); 151 slots expire a blockhash. */
  advanceSlots(count: number | bigint): void;
  /** Expires every blockhash handed out so far, at once. */
  expireBlockhash(): void;
  /** Airdrops lamports with a real faucet transfer; returns its signature. */
  airdrop(address: Address, lamports: bigint): string;
  /** Reads an account (null when absent). */
  getAccount(address: Address): AccountSnapshot | null;
  /** Writes an account directly, bypassing the runtime. */
  setAccount(account: SetAccountParameters): void;
  /** The record of a processed transaction. */
  getTransactionRecord(signature: string): TransactionRecord | undefined;
}

/** Creates a Solana JSON-RPC engine over LiteSVM. */
export function createSolanaEngine(parameters: CreateSolanaEngineParameters = {}): SolanaEngine {
  const svm = parameters.svm ?? new LiteSVM();
  // The engine tracks blockhash age itself and needs signatures checked like a validator does.
  svm.withSigverify(true);
  const genesisHash = parameters.genesisHash ?? PAYMUX_LOCALNET_GENESIS_HASH;
  const chain = createChainState(svm, parameters.transactionsPerSlot);
  const store = createTransactionStore(parameters.maxTransactionRecords ?? 100_000);
  const faucet = createFaucet(`paymux faucet ${genesisHash}`);
  const internals: EngineInternals = {
    svm,
    chain,
    store,
    genesisHash,
    faucet,
    withContext: (value) => ({ context: { apiVersion: REPORTED_CORE_VERSION, slot: chain.slot() }, value }),
  };
  const setAccount = (account: SetAccountParameters) =>
    svm.setAccount({
      address: account.address,
      lamports: account.lamports as never,
      programAddress: account.owner,
      data: account.data ?? new Uint8Array(0),
      executable: account.executable ?? false,
      space: BigInt(account.data?.length ?? 0),
    });
  setAccount({
    address: faucet.address,
    lamports: parameters.faucetLamports ?? 1_000_000_000_000_000_000n,
    owner: "11111111111111111111111111111111" as Address,
  });

  const table: MethodTable = {
    ...clusterMethods(internals),
    ...accountMethods(internals),
    ...transactionMethods(internals),
  };

  return {
    svm,
    genesisHash,
    caip2: caip2FromGenesisHash(genesisHash),
    faucet: faucet.address,
    methods: Object.keys(table).sort(),
    call(method, params) {
      const handler = Object.hasOwn(table, method) ? table[method] : undefined;
      if (handler === undefined) throw rpcError(RPC_ERROR_CODES.METHOD_NOT_FOUND, "Method not found");
      return handler(paramList(params));
    },
    slot: () => chain.slot(),
    latestBlockhash: () => chain.latestBlockhash(),
    advanceSlots: (count) => chain.advanceSlots(BigInt(count)),
    expireBlockhash: () => chain.expireBlockhashes(),
    airdrop: (address, lamports) => airdrop(internals, address, lamports),
    getAccount: (address) => readAccount(svm, address),
    setAccount,
    getTransactionRecord: (signature) => store.get(signature),
  };
}
