import { X402_REASONS } from "../errors/index.js";
import type { Receipt } from "../model.js";
import { type ClaimOutcome, createLedger, credentialDigest, fromStoredReceipt } from "./ledger.js";
import {
  choose,
  HandlerFailed,
  type PayParameters,
  reconcile,
  SettlementPending,
  Unavailable,
  verifyOnce,
} from "./pay-steps.js";
import { rebuildResponse, setReceiptHeaders } from "./receipt.js";

export { HandlerFailed, type PayParameters, SettlementPending, Unavailable } from "./pay-steps.js";

/**
 * Claim → verify → (handler → settle | settle → handler). The claim is atomic in the store, so of concurrent
 * requests carrying one credential exactly one gets past it; it is released when nothing was charged (a
 * rejected proof, a failed handler), so the payer can retry, and kept once a settlement was attempted. A payment
 * its owner left unfinished (a crash, a settlement timeout) is resumed by a retry of the very same credential:
 * its settlement is looked up (never sent twice) and the paid content is delivered once.
 */
export async function payAndServe(parameters: PayParameters): Promise<Response> {
  const { payment, context, emit, route } = parameters;
  const chosen = await choose(parameters);
  if ("problem" in chosen) return parameters.challenge(chosen.problem);
  const { offer, payee, keys } = chosen;
  const claimTtlMs = Math.max(offer.maxTimeoutSeconds, 60) * 1000 * 2;
  const ledger = createLedger({
    store: parameters.store,
    keys,
    credential: await credentialDigest(payment),
    now: parameters.now,
    leaseMs: Math.min(parameters.leaseMs, claimTtlMs),
    claimTtlMs,
    recordTtlMs: parameters.recordTtlMs,
    abandoned: parameters.abandoned,
  });
  const used = () => {
    emit({ type: "replayed", route, dialect: payment.dialect, network: payment.network });
    return parameters.challenge({
      type: "invalid-challenge",
      title: "This payment was already used",
      detail: "A credential pays for one request only",
    });
  };

  let claim: ClaimOutcome;
  try {
    claim = await ledger.claim();
  } catch (cause) {
    await ledger.release();
    throw new Unavailable("The payment store is unavailable", { cause });
  }
  if (claim.kind === "used") return used();
  if (claim.kind === "settling")
    throw new SettlementPending("This payment is being settled by another request");
  const prior = claim.kind === "resumed" ? claim.record : undefined;
  if (prior) emit({ type: "resumed", route, dialect: payment.dialect, state: prior.state });
  const priorReceipt = prior?.receipt ? fromStoredReceipt(prior.receipt) : undefined;
  // Nothing was ever sent for this payment: undoing the claim costs nobody anything.
  const untouched = prior === undefined || prior.state === "claimed";
  // Give an unfinished payment back at once (lease over), for the payer's next retry.
  const handBack = () =>
    ledger.save(prior?.state ?? "claimed", {
      ...(priorReceipt ? { receipt: priorReceipt } : {}),
      ...(prior?.state === "settled" ? { delivered: false } : {}),
      leaseUntil: parameters.now(),
    });
  // Whether paid content goes out with this answer: a payer that hung up did not get it, so the same credential
  // is served when it comes back (at once), without paying again.
  const delivery = (handedOver: boolean) =>
    parameters.signal?.aborted
      ? { delivered: false, leaseUntil: parameters.now() }
      : { delivered: handedOver };
  const giveUp = () => (untouched ? ledger.release() : handBack().then(() => undefined));

  if (untouched) {
    const verdict = await verifyOnce(parameters, chosen, ledger);
    if (verdict instanceof Response) return verdict;
  }

  const settle = async (): Promise<Receipt | Response> => {
    if (prior?.state === "settled" && priorReceipt) {
      // Paid before the crash or the failed handler: served now, once, without settling again.
      const saved = await ledger.save("settled", {
        receipt: priorReceipt,
        ...delivery(parameters.settle === "after"),
      });
      return saved ? priorReceipt : used();
    }
    if (!(await ledger.save("settling", priorReceipt ? { receipt: priorReceipt } : {}))) {
      // A retry of the same credential took the payment over while this request was slow: it serves instead.
      return used();
    }
    const settleStarted = parameters.now();
    let receipt: Receipt;
    try {
      receipt = (await reconcile(parameters, chosen, prior)) ?? (await payee.settle(payment, offer, context));
    } catch (cause) {
      await ledger.save("unknown", { leaseUntil: parameters.now() }).catch(() => undefined);
      throw new SettlementPending("Settlement could not complete", { cause });
    }
    const ms = parameters.now() - settleStarted;
    if (!receipt.success && receipt.errorReason === X402_REASONS.unexpectedSettleError) {
      // Sent or maybe sent, outcome unseen: kept spent and resumable by this credential, never settled twice.
      await ledger.save("unknown", { receipt, leaseUntil: parameters.now() }).catch(() => undefined);
      emit({ type: "settle_failed", route, dialect: payment.dialect, receipt, ms });
      throw new SettlementPending(receipt.errorMessage ?? "The settlement's outcome is unknown");
    }
    // Kept claimed either way: a failed settlement may still land on chain, so the credential stays spent.
    await ledger
      .save(receipt.success ? "settled" : "failed", {
        receipt,
        ...(receipt.success ? delivery(parameters.settle === "after") : {}),
      })
      .catch(() => undefined);
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
      // Paid, not served: the same credential gets the content on its next try, without paying again.
      await ledger
        .save("settled", { receipt, delivered: false, leaseUntil: parameters.now() })
        .catch(() => {});
      throw new HandlerFailed(error);
    }
    emit({
      type: "handler",
      route,
      status: response.status,
      charged: true,
      ms: parameters.now() - handlerStarted,
    });
    await ledger.save("settled", { receipt, ...delivery(true) }).catch(() => undefined);
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
    await giveUp();
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
    await giveUp();
    return rebuildResponse(response, body);
  }
  if (parameters.signal?.aborted) {
    // The payer went away before settlement: it gets nothing, so it pays nothing (and no content goes out).
    await giveUp();
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
