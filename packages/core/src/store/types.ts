import type { Receipt } from "../model.js";

/**
 * Where a payment is in its life: `claimed` (being verified or served), `settling` (settlement sent or about to
 * be), `settled`, `failed` (definitively: it cannot pay), or `unknown` (the settlement's outcome could not be
 * read: a timeout, a chain or facilitator that stopped answering; the same credential may come back to learn it).
 */
export type PaymentRecordState = "claimed" | "settling" | "settled" | "failed" | "unknown";

/** A receipt in JSON form (amounts as decimal strings), as stores keep it. */
export type StoredReceipt = Omit<Receipt, "amount"> & { amount?: string };

/**
 * What a store keeps under a replay key: plain JSON, so any key-value store (memory, Redis) can hold it and a
 * restarted server, or another instance, reads it back.
 */
export type PaymentRecord = {
  state: PaymentRecordState;
  /** Unix milliseconds of the last change. */
  updatedAt: number;
  /** Who claimed it: an id per request, so only the claimer releases or completes it. */
  owner: string;
  /** The settlement outcome, once there is one. */
  receipt?: StoredReceipt;
  /** A digest of the credential: only the very same credential may resume this payment. */
  credential?: string;
  /**
   * Unix milliseconds until which the owner is working on the payment. Past it, the owner is presumed gone (a
   * crashed or restarted server) and a retry of the same credential takes the payment over and resumes it.
   */
  leaseUntil?: number;
  /** True once the paid response was handed over: a settled payment is served once. */
  delivered?: boolean;
};

/**
 * Replay protection and settlement records (design.md §4). `claim` is the one atomic operation: of any number of
 * concurrent claims of one key, across processes sharing the store, exactly one returns true.
 */
export type PaymentStore = {
  /** Stores `record` under `key` unless the key exists; true when this call stored it. */
  claim(key: string, record: PaymentRecord, ttlMs: number): Promise<boolean>;
  /** The record under `key`, if any. */
  get(key: string): Promise<PaymentRecord | undefined>;
  /**
   * Replaces the record under `key` if it still belongs to `from` (default `record.owner`); true when it did.
   * A `from` other than `record.owner` hands the payment over to a new owner, atomically: of concurrent
   * hand-overs from one owner, exactly one succeeds.
   */
  update(key: string, record: PaymentRecord, ttlMs: number, from?: string): Promise<boolean>;
  /** Deletes the record under `key` if it still belongs to `owner` (a claim that led to no settlement). */
  release(key: string, owner: string): Promise<void>;
  /** Frees connections; the store is unusable afterwards. */
  close?(): Promise<void>;
};
