import {
  createSchemeRegistry,
  isPaymuxError,
  PaymuxError,
  receiptToSettleResponse,
  type SchemePayee,
  type SettleResponse,
  type VerifyResponse,
  X402_REASONS,
} from "@paymux/core";
import { memoryStore } from "@paymux/core/server";
import { prepareRequest, readJsonBody } from "./request.js";
import { settleOnce, verifyPayment } from "./settle.js";
import { buildSupported } from "./supported.js";
import type {
  CreateFacilitatorParameters,
  CreateFacilitatorReturnType,
  FacilitatorEndpoint,
  FacilitatorEvent,
} from "./types.js";

const DEFAULT_SETTLE_WAIT_MS = 60_000;
const METHODS: Record<FacilitatorEndpoint, readonly string[]> = {
  verify: ["POST"],
  settle: ["POST"],
  supported: ["GET", "HEAD"],
};

/**
 * Creates an x402 facilitator (`POST /verify`, `POST /settle`, `GET /supported`, v1 and v2 bodies) over the
 * given payees, as a Web `Request → Response` handler that can be mounted under any path prefix. Settlement
 * is idempotent per payment: the same payment settled twice, in sequence or at once, is broadcast once and
 * every caller gets the first result.
 */
export function createFacilitator(parameters: CreateFacilitatorParameters): CreateFacilitatorReturnType {
  const payees = parameters.payees;
  // Also rejects two payees for one network (SCHEME_CONFLICT) at start-up rather than at the first request.
  const registry = createSchemeRegistry<SchemePayee>(payees);
  const supported = buildSupported(payees);
  const store = parameters.store ?? memoryStore();
  const settleWaitMs = parameters.settleWaitMs ?? DEFAULT_SETTLE_WAIT_MS;
  if (!Number.isSafeInteger(settleWaitMs) || settleWaitMs < 0) {
    throw new PaymuxError("CONFIG_INVALID", "settleWaitMs must be a non-negative integer of milliseconds", {
      context: { settleWaitMs },
    });
  }
  const now = Date.now;
  const emit = (event: FacilitatorEvent) => {
    try {
      parameters.onEvent?.(event);
    } catch {
      // A failing listener must not turn a settled payment into an error answer.
    }
  };
  const schemes = new Set(payees.map((payee) => payee.scheme));
  const resolve = (scheme: string, network: string) =>
    schemes.has(scheme) ? (registry.resolve(scheme, network) ?? "network") : "scheme";
  const parse = async (request: Request) => {
    try {
      return prepareRequest(await readJsonBody(request), resolve);
    } catch (error) {
      // Reading and validating the body throws PaymuxErrors only for the caller's mistakes.
      if (isPaymuxError(error)) throw new BadRequest(error);
      throw error;
    }
  };

  async function verify(request: Request, started: number): Promise<Response> {
    const prepared = await parse(request);
    let body: VerifyResponse;
    if (prepared.kind === "rejected") {
      body = { isValid: false, invalidReason: prepared.reason, invalidMessage: prepared.message };
    } else {
      const verdict = await verifyPayment(prepared);
      body = verdict.valid
        ? { isValid: true, payer: verdict.payer }
        : {
            isValid: false,
            invalidReason: verdict.reason,
            invalidMessage: verdict.message,
            ...(verdict.payer === undefined ? {} : { payer: verdict.payer }),
          };
    }
    emit({
      type: "verify",
      x402Version: prepared.x402Version,
      network: prepared.network,
      isValid: body.isValid,
      ...(body.invalidReason ? { reason: body.invalidReason } : {}),
      ...(body.payer ? { payer: body.payer } : {}),
      ms: now() - started,
    });
    return json(200, body);
  }

  async function settle(request: Request, started: number): Promise<Response> {
    const prepared = await parse(request);
    const { x402Version, network } = prepared;
    const failure = (reason: string, message: string): SettleResponse => ({
      success: false,
      errorReason: reason,
      errorMessage: message,
      transaction: "",
      network,
    });
    let body: SettleResponse;
    if (prepared.kind === "rejected") {
      body = failure(prepared.reason, prepared.message);
    } else {
      const outcome = await settleOnce(prepared, { store, settleWaitMs, now });
      if (outcome.kind === "timeout") {
        body = failure(X402_REASONS.duplicateSettlement, "This payment is being settled by another request");
      } else {
        body = receiptToSettleResponse(outcome.receipt, x402Version);
      }
      if (outcome.kind !== "settled") {
        const transaction = body.transaction;
        const ms = now() - started;
        emit({ type: "duplicate", x402Version, network, outcome: outcome.kind, transaction, ms });
        return json(200, body);
      }
    }
    emit({
      type: "settle",
      x402Version,
      network,
      success: body.success,
      transaction: body.transaction,
      ...(body.errorReason ? { reason: body.errorReason } : {}),
      ...(body.payer ? { payer: body.payer } : {}),
      ms: now() - started,
    });
    return json(200, body);
  }

  return {
    async fetch(request) {
      const endpoint = route(new URL(request.url).pathname);
      if (endpoint === undefined) return json(404, { error: "Not found" });
      const allowed = METHODS[endpoint];
      if (!allowed.includes(request.method)) {
        return json(405, { error: "Method not allowed" }, { Allow: allowed.join(", ") });
      }
      const started = now();
      try {
        if (endpoint === "supported") return json(200, supported);
        return endpoint === "verify" ? await verify(request, started) : await settle(request, started);
      } catch (error) {
        return failed(endpoint, error, now() - started);
      }
    },
    supported: () => structuredClone(supported),
  };

  function failed(endpoint: FacilitatorEndpoint, error: unknown, ms: number): Response {
    if (error instanceof BadRequest) {
      const { code, message } = error.error;
      emit({ type: "invalid_request", endpoint, code, ms });
      return json(code === "BODY_TOO_LARGE" ? 413 : 400, { error: message, code });
    }
    const code = isPaymuxError(error) ? error.code : undefined;
    emit({
      type: "error",
      endpoint,
      ...(code === undefined ? {} : { code }),
      name: error instanceof Error ? error.name : typeof error,
      ms,
    });
    // No message or stack: a chain client's error may quote the raw transaction or the RPC URL's key.
    if (code === "STORE_UNAVAILABLE") return json(503, { error: "The payment store is unavailable", code });
    return json(500, { error: "The facilitator failed to process the request" });
  }
}

/** A malformed request: carries the PaymuxError whose message and code go back in the 400 (413 when too large). */
class BadRequest extends Error {
  constructor(readonly error: PaymuxError) {
    super(error.message);
  }
}

// The last path segment decides, so the handler works mounted under any prefix (`/x402/facilitator/verify`).
function route(pathname: string): FacilitatorEndpoint | undefined {
  const trimmed = pathname.replace(/\/+$/, "");
  const last = trimmed.slice(trimmed.lastIndexOf("/") + 1);
  return last === "verify" || last === "settle" || last === "supported" ? last : undefined;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}
