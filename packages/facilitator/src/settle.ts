import {
  canonicalizeJson,
  isPaymuxError,
  offerToRequirementsV2,
  parseAtomic,
  type Receipt,
  utf8Encode,
  type VerifyResult,
  X402_REASONS,
} from "@paymux/core";
import type { PaymentRecord, PaymentStore, StoredReceipt } from "@paymux/core/server";
import type { PreparedRequest } from "./request.js";

// Namespaced so a paymux server sharing the store (it claims the bare replay keys for its own requests)
// never makes the facilitator wait on a claim that will not end in a facilitator record.
const KEY_PREFIX = "facilitator:settle:";
/** How long a settled payment's result is kept for late duplicates (the chain refuses a replay anyway). */
export const SETTLED_TTL_MS = 24 * 60 * 60 * 1000;
const POLL_MS = 50;

/** What {@link settleOnce} found: this call's own settlement, another call's stored result, or neither in time. */
export type SettleOutcome =
  | { kind: "settled"; receipt: Receipt }
  | { kind: "stored"; receipt: Receipt }
  | { kind: "timeout" };

/** Options of {@link settleOnce}. */
export type SettleOnceParameters = {
  store: PaymentStore;
  settleWaitMs: number;
  now: () => number;
};

// Payload-level PaymuxErrors a payee may throw instead of returning a verdict: the client's fault, not ours.
const PAYLOAD_CODES = new Set([
  "SCHEMA_INVALID",
  "CREDENTIAL_MALFORMED",
  "BASE64_MALFORMED",
  "JSON_MALFORMED",
  "AMOUNT_INVALID",
  "AMOUNT_OUT_OF_RANGE",
  "JCS_UNSUPPORTED_VALUE",
]);

/** Verifies with the payee; a thrown payload error becomes a verdict, anything else propagates (a 500). */
export async function verifyPayment(prepared: PreparedRequest): Promise<VerifyResult> {
  try {
    return await prepared.payee.verify(prepared.payment, prepared.offer, prepared.context);
  } catch (error) {
    const verdict = asVerdict(error);
    if (verdict) return verdict;
    throw error;
  }
}

function asVerdict(error: unknown): Extract<VerifyResult, { valid: false }> | undefined {
  if (!isPaymuxError(error)) return undefined;
  if (error.reason !== undefined) return { valid: false, reason: error.reason, message: error.message };
  if (PAYLOAD_CODES.has(error.code)) {
    return { valid: false, reason: X402_REASONS.invalidPayload, message: error.message };
  }
  return undefined;
}

/** A settlement that sent nothing. */
export function failedReceipt(prepared: PreparedRequest, reason: string, message: string, payer?: string) {
  return {
    success: false,
    transaction: "",
    network: prepared.offer.network,
    errorReason: reason,
    errorMessage: message,
    ...(payer === undefined ? {} : { payer }),
  } satisfies Receipt;
}

/**
 * Settles a payment at most once per replay key. The first call claims the key (atomic in the store), verifies,
 * settles and records the receipt; concurrent and later calls with the same payment wait for that record and
 * answer with it, so one payment is broadcast once and every caller learns the same transaction.
 */
export async function settleOnce(
  prepared: PreparedRequest,
  parameters: SettleOnceParameters,
): Promise<SettleOutcome> {
  const { payee, payment, offer, context } = prepared;
  let keys: readonly string[];
  let print: string;
  try {
    keys = payee.replayKeys(payment, offer, context);
    print = await fingerprint(prepared);
  } catch (error) {
    const verdict = asVerdict(error);
    if (!verdict) throw error;
    return { kind: "settled", receipt: failedReceipt(prepared, verdict.reason, verdict.message) };
  }
  const first = keys[0];
  // Every payee names its keys; without one there is nothing to deduplicate on but the chain itself.
  if (first === undefined) return { kind: "settled", receipt: await verifyAndSettle(prepared) };

  const { store, now } = parameters;
  const claim: Claim = {
    store,
    now,
    key: `${KEY_PREFIX}${first}:${print}`,
    owner: crypto.randomUUID(),
    // Long enough to outlive a slow settlement: a claim that expired mid-settlement would let a duplicate in.
    ttlMs: Math.max(offer.maxTimeoutSeconds, 60) * 2 * 1000,
  };
  const deadline = now() + parameters.settleWaitMs;
  for (;;) {
    if (
      await store.claim(claim.key, { state: "claimed", owner: claim.owner, updatedAt: now() }, claim.ttlMs)
    ) {
      return { kind: "settled", receipt: await settleClaimed(prepared, claim) };
    }
    const record = await store.get(claim.key);
    if (record && record.state !== "claimed") {
      const receipt = record.receipt
        ? fromStored(record.receipt)
        : failedReceipt(prepared, X402_REASONS.unexpectedSettleError, "The first settlement did not finish");
      return { kind: "stored", receipt };
    }
    if (now() >= deadline) return { kind: "timeout" };
    // No record means the claimer released it (its verification failed): claim again at once and check.
    await sleep(record ? POLL_MS : 0);
  }
}

type Claim = { store: PaymentStore; now: () => number; key: string; owner: string; ttlMs: number };

async function settleClaimed(prepared: PreparedRequest, claim: Claim): Promise<Receipt> {
  const { store, key, owner } = claim;
  const save = (state: PaymentRecord["state"], receipt: Receipt, ttlMs: number) =>
    store
      .update(key, { state, owner, updatedAt: claim.now(), receipt: toStored(receipt) }, ttlMs)
      .catch(() => false);
  // Nothing is sent on these paths: the payment may come back (fixed) and must find the key free.
  const release = () => store.release(key, owner).catch(() => undefined);
  let verdict: VerifyResult;
  try {
    verdict = await verifyPayment(prepared);
  } catch (error) {
    await release();
    throw error;
  }
  if (!verdict.valid) {
    await release();
    return failedReceipt(prepared, verdict.reason, verdict.message, verdict.payer);
  }
  let receipt: Receipt;
  try {
    // The payee re-checks what it must before sending (x402 facilitators always verify again at settle).
    receipt = await prepared.payee.settle(prepared.payment, prepared.offer, prepared.context);
  } catch (error) {
    // Waiting duplicates get a failure now instead of polling until the claim expires.
    await save(
      "failed",
      failedReceipt(prepared, X402_REASONS.unexpectedSettleError, "The settlement failed"),
      claim.ttlMs,
    );
    throw error;
  }
  // Failures are kept only as long as the claim: the chain refuses a replay anyway, and a payment that failed
  // (say, for want of gas) may be retried later. Best effort: the answer goes out whatever the store says.
  await save(receipt.success ? "settled" : "failed", receipt, receipt.success ? SETTLED_TTL_MS : claim.ttlMs);
  return receipt;
}

async function verifyAndSettle(prepared: PreparedRequest): Promise<Receipt> {
  const verdict = await verifyPayment(prepared);
  if (!verdict.valid) return failedReceipt(prepared, verdict.reason, verdict.message, verdict.payer);
  return prepared.payee.settle(prepared.payment, prepared.offer, prepared.context);
}

// The stored answer is handed only to a call asking the same thing: the same payload for the same requirements.
// Without this, a client could re-send a settled payload with its `accepted` rewritten to another server's
// requirements and have that server told "success" for a payment that never paid it.
async function fingerprint(prepared: PreparedRequest): Promise<string> {
  const canonical = canonicalizeJson({
    requirements: offerToRequirementsV2(prepared.offer),
    payload: prepared.payment.payload,
  });
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", utf8Encode(canonical)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function toStored(receipt: Receipt): StoredReceipt {
  const { amount, ...rest } = receipt;
  return amount === undefined ? rest : { ...rest, amount: amount.toString() };
}

function fromStored(stored: StoredReceipt): Receipt {
  const { amount, ...rest } = stored;
  return amount === undefined ? rest : { ...rest, amount: parseAtomic(amount) };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
