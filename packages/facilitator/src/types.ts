import type { SchemePayee, SupportedResponse } from "@paymux/core";
import type { PaymentStore } from "@paymux/core/server";

/** Options of {@link createFacilitator}. */
export type CreateFacilitatorParameters = {
  /** The payees that verify and settle; only `exact` ones are advertised and served (x402 knows `exact`). */
  payees: readonly SchemePayee[];
  /** Where settlements are claimed and recorded (default: in memory; share one, e.g. Redis, across instances). */
  store?: PaymentStore;
  /** How long a duplicate `/settle` waits for the first one to finish (default 60,000 ms). */
  settleWaitMs?: number;
  /** Called for every request outcome, for logs and metrics. Never carries payloads, signatures or keys. */
  onEvent?: (event: FacilitatorEvent) => void;
};

/** A mounted x402 facilitator: `POST …/verify`, `POST …/settle`, `GET …/supported`. */
export type Facilitator = {
  /** Answers one HTTP request (any path prefix: only the last segment is matched). */
  fetch(request: Request): Promise<Response>;
  /** The `/supported` body: a kind per x402 version × scheme × concrete network, and the signers. */
  supported(): SupportedResponse;
};

/** Return type of {@link createFacilitator}. */
export type CreateFacilitatorReturnType = Facilitator;

/** The facilitator endpoints. */
export type FacilitatorEndpoint = "verify" | "settle" | "supported";

/** What happened to a request; `ms` is the time spent on it. */
export type FacilitatorEvent =
  | {
      type: "verify";
      x402Version: 1 | 2;
      network: string;
      isValid: boolean;
      reason?: string;
      payer?: string;
      ms: number;
    }
  | {
      type: "settle";
      x402Version: 1 | 2;
      network: string;
      success: boolean;
      transaction: string;
      reason?: string;
      payer?: string;
      ms: number;
    }
  | {
      /** A `/settle` of a payment another call claimed: `stored` got that call's result, `timeout` did not. */
      type: "duplicate";
      x402Version: 1 | 2;
      network: string;
      outcome: "stored" | "timeout";
      transaction: string;
      ms: number;
    }
  | {
      /** A malformed request (answered 400, or 413 when too large): the error code, never the body. */
      type: "invalid_request";
      endpoint: FacilitatorEndpoint;
      code: string;
      ms: number;
    }
  | {
      /** An unexpected failure (answered 500/503). `code` is a PaymuxError code when there is one. */
      type: "error";
      endpoint: FacilitatorEndpoint;
      code?: string;
      name: string;
      ms: number;
    };
