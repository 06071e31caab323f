import { isPaymuxError } from "../errors/index.js";
import type { Offer, Payment, Receipt } from "../model.js";
import type { PaymentContext, SchemePayee, SchemeRegistry, VerifyResult } from "../scheme/index.js";
import type { PaymentRecord, PaymentStore } from "../store/index.js";
import type { ChallengeProblem } from "./challenge.js";
import { rebuildResponse, setReceiptHeaders, toStoredReceipt } from "./receipt.js";
import type { NextHandler, PaymentEvent, SettleTiming } from "./types.js";

/** What the paid path needs from the server. */
export type PayParameters = {
  route: string;
  payment: Payment;
  candidates: readonly Offer[];
  context: PaymentContext;
  extraClaimKeys: readonly string[];
  registry: SchemeRegistry<SchemePayee>;
  store: PaymentStore;
  settle: SettleTiming;
  next: NextHandler;
  emit: (event: PaymentEvent) => void;
  now: () => number;
  /** Builds a fresh 402 (or other problem response) for this request. */
  challenge: (problem: ChallengeProblem, failure?: Receipt) => Promise<Response>;
  /** The request's signal: aborted when the client disconnected. */
  signal?: AbortSignal;
  /** How long settled records are kept (the chains remember longer; this only spares them the work). */
  recordTtlMs: number;
};

/** A failure the payer can do nothing about now: the store or a chain is unreachable. No content is served. */
export class Unavailable extends Error {}

/** The handler failed; carries its error so the server rethrows exactly what the handler threw. */
export class HandlerFailed extends Error {
  constructor(readonly original: unknown) {
    super("The handler failed");
  }
}

const AMOUNT_REASON = /amount|value|insufficient/;

/**
 * Claim → verify → (handler → settle | settle → handler). The claim is atomic in the store, so of concurrent
 * requests carrying one credential exactly one gets past it; it is released when nothing was charged (a
 * rejected proof, a failed handler), so the payer can retry, and kept once a settlement was attempted.
 */
export async function payAndServe(parameters: PayParameters): Promise<Response> {
  const { payment, context, emit, route, store } = parameters;
  const owner = crypto.randomUUID();
  const chosen = await choose(parameters);
  if ("problem" in chosen) return parameters.challenge(chosen.problem);
  const { offer, payee, keys } = chosen;
  const ttlMs = Math.max(offer.maxTimeoutSeconds, 60) * 1000 * 2;
  const record = (state: PaymentRecord["state"], receipt?: Receipt): PaymentRecord => ({
    state,
    owner,
    updatedAt: parameters.now(),
    ...(receipt === undefined ? {} : { receipt: toStoredReceipt(receipt) }),
  });

  const claimed: string[] = [];
  // Best effort: a release that fails leaves the credential spent until its TTL, which fails closed.
  const release = () =>
    Promise.all(claimed.map((key) => store.release(key, owner))).then(
      () => undefined,
      () => undefined,
    );
  try {
    for (const key of keys) {
      if (!(await store.claim(key, record("claimed"), ttlMs))) {
        await release();
        emit({ type: "replayed", route, dialect: payment.dialect, network: payment.network });
        return parameters.challenge({
          type: "invalid-challenge",
          title: "This payment was already used",
          detail: "A credential pays for one request only",
        });
      }
      claimed.push(key);
    }
  } catch (cause) {
    await release();
    throw new Unavailable("The payment store is unavailable", { cause });
  }

  const started = parameters.now();
  let verdict: VerifyResult | undefined = chosen.verdict;
  try {
    verdict ??= await payee.verify(payment, offer, context);
  } catch (cause) {
    await release();
    throw new Unavailable("Verification could not complete", { cause });
  }
  if (!verdict.valid) {
    await release();
    emit({
      type: "rejected",
      route,
      dialect: payment.dialect,
      problem: "verification-failed",
      reason: verdict.reason,
    });
    return parameters.challenge({
      type: AMOUNT_REASON.test(verdict.reason) ? "payment-insufficient" : "verification-failed",
      title: "The payment did not verify",
      detail: verdict.reason,
    });
  }
  emit({
    type: "verified",
    route,
    dialect: payment.dialect,
    network: payment.network,
    payer: verdict.payer,
    ms: parameters.now() - started,
  });

  const settle = async (): Promise<Receipt | Response> => {
    const settleStarted = parameters.now();
    let receipt: Receipt;
    try {
      receipt = await payee.settle(payment, offer, context);
    } catch (cause) {
      await Promise.all(
        claimed.map((key) => store.update(key, record("failed"), parameters.recordTtlMs)),
      ).catch(() => undefined);
      throw new Unavailable("Settlement could not complete", { cause });
    }
    const ms = parameters.now() - settleStarted;
    // Kept claimed either way: a failed settlement may still land on chain, so the credential stays spent.
    await Promise.all(
      claimed.map((key) =>
        store.update(key, record(receipt.success ? "settled" : "failed", receipt), parameters.recordTtlMs),
      ),
    ).catch(() => undefined);
    if (!receipt.success) {
      emit({ type: "settle_failed", route, dialect: payment.dialect, receipt, ms });
      return parameters.challenge(
        {
          type: "verification-failed",
          title: "Settlement failed",
          detail: receipt.errorReason ?? "settlement failed",
        },
        receipt,
      );
    }
    emit({ type: "settled", route, dialect: payment.dialect, receipt, ms });
    return receipt;
  };

  if (parameters.settle === "before") {
    const receipt = await settle();
    if (receipt instanceof Response) return receipt;
    const handlerStarted = parameters.now();
    let response: Response;
    try {
      response = await parameters.next();
    } catch (error) {
      throw new HandlerFailed(error);
    }
    emit({
      type: "handler",
      route,
      status: response.status,
      charged: true,
      ms: parameters.now() - handlerStarted,
    });
    const paid = rebuildResponse(response, response.body);
    setReceiptHeaders(paid.headers, payment, receipt);
    return paid;
  }

  const handlerStarted = parameters.now();
  let response: Response;
  let body: ArrayBuffer;
  try {
    response = await parameters.next();
    // Held back whole, streams included: nothing reaches the client before the payment is settled.
    body = await response.arrayBuffer();
  } catch (error) {
    await release();
    emit({ type: "handler", route, status: 500, charged: false, ms: parameters.now() - handlerStarted });
    throw new HandlerFailed(error);
  }
  const succeeded = response.status >= 200 && response.status < 300;
  emit({
    type: "handler",
    route,
    status: response.status,
    charged: succeeded,
    ms: parameters.now() - handlerStarted,
  });
  if (!succeeded) {
    await release();
    return rebuildResponse(response, body);
  }
  if (parameters.signal?.aborted) {
    // The payer went away before settlement: it gets nothing, so it pays nothing (and no content goes out).
    await release();
    return parameters.challenge({
      type: "payment-required",
      title: "The client disconnected before settlement",
    });
  }
  const receipt = await settle();
  if (receipt instanceof Response) return receipt;
  const paid = rebuildResponse(response, body);
  setReceiptHeaders(paid.headers, payment, receipt);
  return paid;
}

type Chosen =
  | { offer: Offer; payee: SchemePayee; keys: string[]; verdict?: VerifyResult }
  | { problem: ChallengeProblem };

// One candidate in all but x402 v1 with two same-scheme offers on one network (x402#188): then the proof
// itself says which one it pays, so each is verified (statelessly) and the first that holds is taken.
async function choose(parameters: PayParameters): Promise<Chosen> {
  const { payment, context, registry } = parameters;
  const usable = parameters.candidates.flatMap((offer) => {
    const payee = registry.resolve(offer.scheme, offer.network);
    return payee ? [{ offer, payee }] : [];
  });
  const keysOf = (entry: { offer: Offer; payee: SchemePayee }) => [
    ...parameters.extraClaimKeys,
    ...entry.payee.replayKeys(payment, entry.offer, context),
  ];
  const [first] = usable;
  if (!first)
    return { problem: { type: "method-unsupported", title: "No payee for this payment", status: 400 } };
  if (usable.length === 1) return { ...first, keys: keysOf(first) };
  let last: VerifyResult | undefined;
  for (const entry of usable) {
    try {
      last = await entry.payee.verify(payment, entry.offer, context);
    } catch (cause) {
      if (!isPaymuxError(cause)) throw new Unavailable("Verification could not complete", { cause });
      continue;
    }
    if (last.valid) return { ...entry, keys: keysOf(entry), verdict: last };
  }
  return {
    problem: {
      type: "verification-failed",
      title: "The payment did not verify",
      detail: last && !last.valid ? last.reason : "no offer of this route matches the payment",
    },
  };
}
