import type { Payment, Receipt } from "../model.js";
import type { PaymentRecord, PaymentRecordState, PaymentStore } from "../store/index.js";
import { toStoredReceipt } from "./receipt.js";

/** How one request's claim on a payment began. */
export type ClaimOutcome =
  | { kind: "fresh" }
  /** The same credential came back for a payment its earlier owner left unfinished (crash, timeout). */
  | { kind: "resumed"; record: PaymentRecord }
  /** The same credential's settlement is being sent right now (by a live owner): come back shortly. */
  | { kind: "settling" }
  | { kind: "used" };

/** What {@link createLedger} needs. */
export type LedgerParameters = {
  store: PaymentStore;
  /** The payment's replay keys, always in the same order (hand-overs race key by key in that order). */
  keys: readonly string[];
  /** {@link credentialDigest} of the payment. */
  credential: string;
  now: () => number;
  /** How long this request owns the payment before a retry of the same credential may take it over. */
  leaseMs: number;
  /** TTL of a payment that is claimed or settling. */
  claimTtlMs: number;
  /** TTL of a payment whose settlement has an outcome (or an unknown one to come back for). */
  recordTtlMs: number;
  /** Owners of this process that gave up a payment they could not write back (the store failed): no lease to wait. */
  abandoned: Abandoned;
};

/** Owners that left a payment behind without a record saying so, until their lease would have ended. */
export type Abandoned = Map<string, number>;

/** Extra fields of a saved record. */
export type SaveOptions = { receipt?: Receipt; delivered?: boolean; leaseUntil?: number };

/**
 * One request's view of a payment's records in the store: claims all its replay keys (or takes over an unfinished
 * payment of the very same credential), saves each step owner-checked, and releases what led to no settlement.
 */
export function createLedger(parameters: LedgerParameters) {
  const { store, keys, credential, now } = parameters;
  const owner = crypto.randomUUID();
  const held: string[] = [];
  const ttlOf = (state: PaymentRecordState) =>
    state === "claimed" || state === "settling" ? parameters.claimTtlMs : parameters.recordTtlMs;
  const record = (state: PaymentRecordState, options: SaveOptions = {}): PaymentRecord => ({
    state,
    owner,
    updatedAt: now(),
    credential,
    leaseUntil: options.leaseUntil ?? now() + parameters.leaseMs,
    ...(options.receipt === undefined ? {} : { receipt: toStoredReceipt(options.receipt) }),
    ...(options.delivered === undefined ? {} : { delivered: options.delivered }),
  });

  // A payment is resumable when its owner is gone (lease over) and it still needs something: verification,
  // a settlement whose outcome is unknown, or the delivery of paid content. A delivered or failed one is spent.
  const resumable = (existing: PaymentRecord | undefined): existing is PaymentRecord =>
    existing !== undefined &&
    existing.credential === credential &&
    existing.state !== "failed" &&
    !(existing.state === "settled" && existing.delivered !== false) &&
    existing.leaseUntil !== undefined &&
    (existing.leaseUntil <= now() || (parameters.abandoned.get(existing.owner) ?? 0) > now());
  const abandon = () => {
    for (const [gone, until] of parameters.abandoned) if (until <= now()) parameters.abandoned.delete(gone);
    parameters.abandoned.set(owner, now() + parameters.leaseMs);
  };

  const takeOver = async (): Promise<ClaimOutcome> => {
    const existing = await store.get(keys[0] as string);
    if (existing?.credential === credential && existing.state === "settling" && !resumable(existing)) {
      // Money may be moving for this very credential (its payer's connection dropped and it re-sent): "used"
      // would make the payer give up and pay again, so it hears "retry with the same credential" instead.
      return { kind: "settling" };
    }
    if (!resumable(existing)) return { kind: "used" };
    for (const key of keys) {
      const moved = { ...existing, owner, updatedAt: now(), leaseUntil: now() + parameters.leaseMs };
      // Every contender hands keys over in one order, so the loser of the first key stops before the second;
      // a key lost later (index > 0) stays with whoever holds it, and the payment stays spent: fail closed.
      if (!(await store.update(key, moved, ttlOf(existing.state), existing.owner))) return { kind: "used" };
      held.push(key);
    }
    return { kind: "resumed", record: existing };
  };

  return {
    owner,
    async claim(): Promise<ClaimOutcome> {
      for (const key of keys) {
        if (await store.claim(key, record("claimed"), parameters.claimTtlMs)) {
          held.push(key);
          continue;
        }
        if (held.length > 0) {
          await this.release();
          return { kind: "used" };
        }
        return takeOver();
      }
      return { kind: "fresh" };
    },
    /** Saves `state` under every held key; false when this request no longer owns the payment. */
    async save(state: PaymentRecordState, options: SaveOptions = {}): Promise<boolean> {
      try {
        const saved = await Promise.all(
          held.map((key) => store.update(key, record(state, options), ttlOf(state))),
        );
        return saved.every(Boolean);
      } catch (error) {
        // The record still says this request owns the payment: let a retry here take it over at once.
        abandon();
        throw error;
      }
    },
    /** Deletes the held claims: nothing was settled, so the payer may use the credential again. */
    async release(): Promise<void> {
      // Best effort: a release that fails leaves the claim in the store (fail closed); a retry of the same
      // credential on this instance may take it over at once, elsewhere after the lease.
      await Promise.all(held.map((key) => store.release(key, owner))).catch(abandon);
      held.length = 0;
    },
  };
}

export type Ledger = ReturnType<typeof createLedger>;

/** A digest of everything that identifies a credential, so a different one with the same replay key can't resume. */
export async function credentialDigest(payment: Payment): Promise<string> {
  const text = JSON.stringify(
    [payment.dialect, payment.scheme, payment.network, payment.payload],
    (_, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
  );
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(hash), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** A stored receipt back in model form. */
export function fromStoredReceipt(stored: NonNullable<PaymentRecord["receipt"]>): Receipt {
  const { amount, ...rest } = stored;
  return amount === undefined ? rest : { ...rest, amount: BigInt(amount) };
}
