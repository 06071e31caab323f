import {
  createSchemeRegistry,
  isPaymuxError,
  MAX_UINT64,
  PaymuxError,
  type ReceivedOffer,
  type SchemePayer,
  selectOffers,
} from "@paymux/core";
import { createPaymentHeaders } from "./credential.js";
import { nothingPayable, readOffers } from "./offers.js";
import { createPolicyChecker, type Reservation } from "./policy/index.js";
import { readReceipt } from "./receipt.js";
import { sendPaid } from "./resend.js";
import type {
  ClientEvent,
  Fetcher,
  OfferSummary,
  PaymentInfo,
  PaymuxFetch,
  Quote,
  WrapFetchParameters,
} from "./types.js";

// Keyed by the paid Response and by the caller's Request object, so adapters that keep only one (axios keeps
// the Request) still find what was paid.
const payments = new WeakMap<object, PaymentInfo>();

/** What was paid for a response (or the Request that fetched it) of a {@link wrapFetch} fetch; undefined if nothing. */
export function paymentOf(responseOrRequest: Response | Request): PaymentInfo | undefined {
  return payments.get(responseOrRequest);
}

// A request that already carries a credential is the caller's own payment: never pay on top of it.
const CREDENTIAL_HEADERS = ["PAYMENT-SIGNATURE", "X-PAYMENT", "Payment-Receipt"];
function carriesCredential(request: Request): boolean {
  if (CREDENTIAL_HEADERS.some((name) => request.headers.has(name))) return true;
  return /^\s*Payment\s/i.test(request.headers.get("Authorization") ?? "");
}

const summary = (offer: ReceivedOffer): OfferSummary => ({
  dialect: offer.source.dialect,
  scheme: offer.scheme,
  network: offer.network,
  asset: offer.asset,
  amount: offer.amount,
  payTo: offer.payTo,
});

/**
 * Wraps `fetch` so that a 402 is paid once and the request retried once (design.md §5): every dialect is read,
 * offers without a registered payer are dropped, the best by preference that the policy allows is chosen, the
 * budgets reserve its price, and only then is anything signed. A server that answers 402 again after payment
 * gets no second payment: the caller gets `SETTLEMENT_FAILED` with the receipt, if one came back.
 */
export function wrapFetch(fetcher: Fetcher, parameters: WrapFetchParameters): PaymuxFetch {
  const registry = createSchemeRegistry<SchemePayer>(parameters.payers);
  const resend = {
    attempts: parameters.resend?.attempts ?? 2,
    maxDelayMs: parameters.resend?.maxDelayMs ?? 5_000,
  };
  if (!Number.isSafeInteger(resend.attempts) || resend.attempts < 0 || !(resend.maxDelayMs >= 0)) {
    throw new PaymuxError(
      "CONFIG_INVALID",
      "resend needs a whole number of attempts and a delay of 0 or more",
    );
  }
  const check = createPolicyChecker(parameters.policy ?? {}, parameters.assets);
  const budgets = parameters.budgets === undefined ? [] : [parameters.budgets].flat();
  const emit = (event: ClientEvent) => {
    try {
      parameters.onEvent?.(event);
    } catch {
      // Logging must never change a payment.
    }
  };

  // The offers this client could pay, best first, and the policy's verdict on each.
  const rank = async (response: Response, url: string, started: number) => {
    const read = await readOffers(response);
    emit({
      type: "challenge",
      url,
      offers: read.offers.length,
      dialects: [...new Set(read.offers.map((offer) => offer.source.dialect))],
      ms: Date.now() - started,
    });
    // Amounts beyond u64 are no price anyone means (SPL amounts cannot even hold them): refuse them as hostile.
    const payable = selectOffers(read.offers, {
      registry,
      ...(parameters.preferences ? { preferences: parameters.preferences } : {}),
    });
    if (payable.length === 0) throw nothingPayable(read, 0);
    const ranked = payable.filter((offer) => offer.amount > 0n && offer.amount <= MAX_UINT64);
    if (ranked.length === 0) {
      throw new PaymuxError("AMOUNT_OUT_OF_RANGE", "Every payable offer asks for an impossible amount", {
        context: { amount: String(payable[0]?.amount).slice(0, 80) },
      });
    }
    const verdicts = ranked.map((offer) => {
      try {
        check(offer);
        return { offer };
      } catch (error) {
        return { offer, refusal: error as PaymuxError };
      }
    });
    return verdicts;
  };

  const pay = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const started = Date.now();
    const request = new Request(input, init);
    const url = request.url;
    const response = await fetcher(request.clone());
    if (response.status !== 402 || carriesCredential(request)) return response;
    const fail = (error: PaymuxError, status?: number, receipt?: PaymentInfo["receipt"]): PaymuxError => {
      emit({
        type: "failed",
        url,
        code: error.code,
        message: error.message,
        ms: Date.now() - started,
        ...(status === undefined ? {} : { status }),
        ...(receipt ? { receipt } : {}),
      });
      return error;
    };
    let verdicts: Awaited<ReturnType<typeof rank>>;
    try {
      verdicts = await rank(response, url, started);
    } catch (error) {
      throw isPaymuxError(error) ? fail(error, 402) : error;
    }
    const chosen = verdicts.find((verdict) => !verdict.refusal);
    if (!chosen) {
      // The best-ranked offer's refusal is the one the caller's policy is about.
      const refusal = verdicts[0]?.refusal as PaymuxError;
      const rule = typeof refusal.context["rule"] === "string" ? refusal.context["rule"] : undefined;
      emit({
        type: "refused",
        url,
        code: refusal.code,
        message: refusal.message,
        ms: Date.now() - started,
        ...(rule ? { rule } : {}),
      });
      throw refusal;
    }
    const offer = chosen.offer;
    emit({ type: "selected", url, offer: summary(offer), ms: Date.now() - started });

    const reservations: Reservation[] = [];
    try {
      for (const budget of budgets) reservations.push(budget.reserve(offer, parameters.assets));
    } catch (error) {
      for (const reservation of reservations) reservation.release();
      const refusal = error as PaymuxError;
      emit({
        type: "refused",
        url,
        code: refusal.code,
        message: refusal.message,
        ms: Date.now() - started,
        rule: "budget",
      });
      throw error;
    }
    const settle = (spent: boolean) => {
      for (const reservation of reservations) {
        if (spent) reservation.commit();
        else reservation.release();
      }
    };

    const payer = registry.resolve(offer.scheme, offer.network) as SchemePayer;
    let signed: Awaited<ReturnType<typeof createPaymentHeaders>>;
    try {
      signed = await createPaymentHeaders(offer, payer);
    } catch (error) {
      // A push payer may have broadcast before failing; only an exact (signed, unsent) payment is surely unspent.
      settle(offer.scheme !== "exact");
      throw isPaymuxError(error) ? fail(error) : error;
    }
    emit({
      type: "signed",
      url,
      offer: summary(offer),
      payer: signed.created.payer,
      ms: Date.now() - started,
    });
    const headers = new Headers(request.headers);
    for (const [name, value] of Object.entries(signed.headers)) headers.set(name, value);
    let paid: Response;
    try {
      paid = await sendPaid(fetcher, request, headers, resend, (attempt) =>
        emit({ type: "sent", url, dialect: offer.source.dialect, ms: Date.now() - started, attempt }),
      );
    } catch (error) {
      // Unknown outcome: the server may have settled. Keep the money counted, never pay again.
      settle(true);
      throw error;
    }
    const signature =
      typeof signed.created.payload["signature"] === "string"
        ? signed.created.payload["signature"]
        : undefined;
    const receipt = readReceipt(paid, offer, offer.scheme === "push" ? signature : undefined);
    // Money moved if the server says so, or if the client moved it itself (push); a failure receipt or a
    // non-2xx answer to a signed-only payment means it was not taken.
    // A 503 after the resends may hide a settlement still pending: counted, so a budget is never overrun.
    const spent =
      offer.scheme === "push" ||
      receipt?.success === true ||
      (receipt === undefined && (paid.ok || paid.status === 503));
    settle(spent);
    if (paid.status === 402) {
      throw fail(
        new PaymuxError(
          "SETTLEMENT_FAILED",
          "The server answered 402 again after payment; no second payment was made",
          {
            context: {
              status: 402,
              ...(receipt?.errorReason ? { reason: receipt.errorReason } : {}),
              ...(receipt?.transaction ? { transaction: receipt.transaction } : {}),
            },
          },
        ),
        402,
        receipt,
      );
    }
    const info: PaymentInfo = {
      offer: summary(offer),
      payer: signed.created.payer,
      ...(receipt ? { receipt } : {}),
    };
    payments.set(paid, info);
    if (input instanceof Request) payments.set(input, info);
    emit({
      type: "settled",
      url,
      status: paid.status,
      ms: Date.now() - started,
      ...(receipt ? { receipt } : {}),
    });
    return paid;
  };

  const quote = async (input: string | URL | Request, init?: RequestInit): Promise<Quote> => {
    const started = Date.now();
    const request = new Request(input, init);
    const response = await fetcher(request);
    if (response.status !== 402) return { required: false, status: response.status, offers: [] };
    const verdicts = await rank(response, request.url, started);
    const chosen = verdicts.find((verdict) => !verdict.refusal);
    const refusal = chosen ? undefined : verdicts[0]?.refusal;
    const rule = refusal && typeof refusal.context["rule"] === "string" ? refusal.context["rule"] : undefined;
    return {
      required: true,
      status: 402,
      offers: verdicts.map((verdict) => summary(verdict.offer)),
      ...(chosen ? { selected: summary(chosen.offer) } : {}),
      ...(refusal
        ? { refusal: { code: refusal.code, message: refusal.message, ...(rule ? { rule } : {}) } }
        : {}),
    };
  };

  return Object.assign(pay, { quote });
}
