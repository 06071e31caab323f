import { isPaymuxError, X402_REASONS } from "../errors/index.js";
import type { Offer, Payment, Receipt } from "../model.js";
import type { PaymentContext, SchemePayee, SchemeRegistry, VerifyResult } from "../scheme/index.js";
import type { PaymentRecord, PaymentStore } from "../store/index.js";
import type { ChallengeProblem } from "./challenge.js";
import type { Abandoned, Ledger } from "./ledger.js";
import type { NextHandler, PaymentEvent, SettleTiming } from "./types.js";

// The steps of the paid path that need no state of their own: which offer a payment pays, its verification,
// and the reconciliation of a settlement sent before (pay.ts strings them together).

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
  /** How long a request owns a payment before a retry of the same credential may resume it. */
  leaseMs: number;
  /** This server's owners that gave up a payment they could not write back. */
  abandoned: Abandoned;
};

/** A failure the payer can do nothing about now: the store or a chain is unreachable. No content is served. */
export class Unavailable extends Error {}

/** The handler failed; carries its error so the server rethrows exactly what the handler threw. */
export class HandlerFailed extends Error {
  constructor(readonly original: unknown) {
    super("The handler failed");
  }
}

/** The settlement was sent but its outcome is not known yet: the payer should come back with the same credential. */
export class SettlementPending extends Error {}

const AMOUNT_REASON = /amount|value|insufficient/;

// Verification of a fresh (or never-settled) payment; a Response when it ends the request.
export async function verifyOnce(
  parameters: PayParameters,
  chosen: Extract<Chosen, { offer: Offer }>,
  ledger: Ledger,
): Promise<Response | undefined> {
  const { payment, emit, route } = parameters;
  const started = parameters.now();
  let verdict: VerifyResult | undefined = chosen.verdict;
  try {
    verdict ??= await chosen.payee.verify(payment, chosen.offer, parameters.context);
  } catch (cause) {
    await ledger.release();
    throw new Unavailable("Verification could not complete", { cause });
  }
  if (!verdict.valid && verdict.reason === X402_REASONS.unexpectedVerifyError) {
    // The verifier could not read the chain (or the facilitator failed): no verdict on the payment, so the payer
    // hears "try again", not "your payment is bad".
    await ledger.release();
    throw new Unavailable(verdict.message || "Verification could not complete");
  }
  if (!verdict.valid) {
    await ledger.release();
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
  return undefined;
}

// A resumed payment whose settlement may have been sent: its outcome from the chain, or undefined to settle (again,
// safely: the chain refuses a second use of one authorization or transaction).
export async function reconcile(
  parameters: PayParameters,
  chosen: Extract<Chosen, { offer: Offer }>,
  prior: PaymentRecord | undefined,
): Promise<Receipt | undefined> {
  if (prior?.state !== "settling" && prior?.state !== "unknown") return undefined;
  if (!chosen.payee.confirm) return undefined;
  const transaction = prior.receipt?.transaction || undefined;
  return chosen.payee.confirm(parameters.payment, chosen.offer, parameters.context, transaction);
}

export type Chosen =
  | { offer: Offer; payee: SchemePayee; keys: string[]; verdict?: VerifyResult }
  | { problem: ChallengeProblem };

// One candidate in all but x402 v1 with two same-scheme offers on one network (x402#188): then the proof
// itself says which one it pays, so each is verified (statelessly) and the first that holds is taken.
export async function choose(parameters: PayParameters): Promise<Chosen> {
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
    if (last.reason === X402_REASONS.unexpectedVerifyError) {
      throw new Unavailable(last.message || "Verification could not complete");
    }
  }
  return {
    problem: {
      type: "verification-failed",
      title: "The payment did not verify",
      detail: last && !last.valid ? last.reason : "no offer of this route matches the payment",
    },
  };
}
