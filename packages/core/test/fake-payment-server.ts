// A hand-written PaymentServer for the framework adapters' translation tests (shared by @paymux/server-express and
// @paymux/server-hono): it decides paid/unpaid from a header, so the tests see only what the adapter translates.
import {
  createRouteMatcher,
  type HandleParameters,
  type PaymentServer,
  type RouteConfig,
  type RoutesTable,
} from "../src/server/index.js";

/** What the fake saw of one `handle` call. */
export type FakeCall = {
  request: Request;
  route: RouteConfig;
  parameters: HandleParameters;
  /** The handler's status as `next()` resolved it. */
  status?: number;
  /** What `next()` rejected with. */
  rejected?: unknown;
};

/** The fake and what it recorded. */
export type FakeServer = PaymentServer & { calls: FakeCall[]; closed: number };

/** How the fake server ends a paid request. */
export type FakeServerOptions = {
  /**
   * `receipt` (default): the handler's response plus `x-receipt`; `fail`: a 402, as after a failed
   * settlement; `throw`: an error once the handler ran, as when the store is down.
   */
  mode?: "receipt" | "fail" | "throw";
  /** Awaited after the handler's response is complete, before anything is returned. */
  gate?: Promise<void>;
  routes?: RoutesTable;
};

/** The 402 the fake answers an unpaid request with (compared byte for byte by the tests). */
export const CHALLENGE = {
  body: JSON.stringify({ type: "payment-required", title: "Payment required" }),
  headers: {
    "content-type": "application/problem+json",
    "cache-control": "no-store",
    "payment-required": "challenge-1",
    "access-control-expose-headers": "PAYMENT-REQUIRED",
  },
};

/** The 402 of a failed settlement. */
export const SETTLE_FAILED = {
  body: JSON.stringify({ type: "verification-failed", title: "Settlement failed" }),
  headers: {
    "content-type": "application/problem+json",
    "cache-control": "no-store",
    "payment-response": "failed",
  },
};

const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * A hand-written PaymentServer with core's contract and none of its payments: unpaid means no `x-paid`
 * header. Like core, it reads the handler's response whole before answering.
 */
export function fakeServer(
  options: FakeServerOptions = {},
): PaymentServer & { calls: FakeCall[]; closed: number } {
  const calls: FakeCall[] = [];
  const match = createRouteMatcher(options.routes ?? {});
  const server: FakeServer = {
    calls,
    closed: 0,
    match,
    async ready() {
      return { payees: [], payTo: "", networks: [], assets: [] };
    },
    async close() {
      server.closed += 1;
    },
    async fetch(request, next, native) {
      const found = match(request);
      if (!found) return next();
      return server.handle(request, found.route, next, { name: found.key, params: found.params, native });
    },
    async handle(request, route, next, parameters = {}) {
      const call: FakeCall = { request, route, parameters };
      calls.push(call);
      if (!request.headers.has("x-paid")) {
        return new Response(CHALLENGE.body, { status: 402, headers: CHALLENGE.headers });
      }
      let response: Response;
      let body: ArrayBuffer;
      try {
        response = await next();
        body = await response.arrayBuffer();
      } catch (error) {
        call.rejected = error;
        throw error;
      }
      call.status = response.status;
      await options.gate;
      const rebuilt = new Response(NULL_BODY.has(response.status) ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: new Headers(response.headers),
      });
      if (response.status < 200 || response.status >= 300) return rebuilt;
      if (options.mode === "fail")
        return new Response(SETTLE_FAILED.body, { status: 402, headers: SETTLE_FAILED.headers });
      if (options.mode === "throw") throw new Error("store down");
      rebuilt.headers.set("x-receipt", "receipt-1");
      return rebuilt;
    },
  };
  return server;
}

/** A promise and the function that resolves it. */
export function gate(): { promise: Promise<void>; open(): void; opened: () => boolean } {
  let open!: () => void;
  let opened = false;
  const promise = new Promise<void>((resolve) => {
    open = () => {
      opened = true;
      resolve();
    };
  });
  return { promise, open, opened: () => opened };
}
