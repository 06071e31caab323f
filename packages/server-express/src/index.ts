import {
  createPaymentServer,
  createRouteMatcher,
  type PaymentServer,
  type PaymentServerOptions,
  type RouteConfig,
  type RouteMatch,
  type RoutesTable,
} from "@paymux/core/server";
import type * as express from "express";
import { holdResponse, resetResponse, sendResponse, toHeaders, toRequest } from "./http.js";

/** Options of {@link paymux} and {@link paymentMiddleware}: server options or a `createPaymentServer` one. */
export type PaymuxParameters = PaymentServerOptions | PaymentServer;

/** What {@link paymux} returns: Express middleware over one payment server. */
export type PaymuxExpress = {
  /** The framework-free payment server the middleware translates to. */
  server: PaymentServer;
  /** Charges the route it is mounted on: `app.get(path, pay.charge({ price: "$0.01" }), handler)`. */
  charge(route: RouteConfig): express.RequestHandler;
  /** Charges the requests a routes table matches (default: the server's `routes`); others pass untouched. */
  routes(table?: RoutesTable): express.RequestHandler;
  /** Stops what the server started (the local chains in zero-config mode) and closes its store. */
  close(): Promise<void>;
};

type Select = (request: Request, req: express.Request) => RouteMatch | undefined;

/** paymux for Express 4 and 5: charges HTTP requests over 402 with core's server flow. */
export function paymux(parameters: PaymuxParameters = {}): PaymuxExpress {
  const server = "handle" in parameters ? parameters : createPaymentServer(parameters);
  return {
    server,
    // Express has matched already: its params are the truth, its route path a stable name for events.
    charge: (route) =>
      middleware(server, (_, req) => {
        const key = `${req.method} ${req.baseUrl}${req.route?.path ?? req.path}`;
        // Express 5 gives wildcard parameters as segment arrays; core's are strings.
        const params = Object.entries(req.params).map(([k, v]) => [
          k,
          Array.isArray(v) ? v.join("/") : String(v),
        ]);
        return { key, route, params: Object.fromEntries(params) };
      }),
    routes: (table) =>
      middleware(server, table ? createRouteMatcher(table) : (request) => server.match(request)),
    close: () => server.close(),
  };
}

/** A routes table as one Express middleware: `app.use(paymentMiddleware({ "GET /weather": { price } }))`. */
export function paymentMiddleware(
  routes: RoutesTable,
  parameters?: PaymuxParameters,
): express.RequestHandler {
  return paymux(parameters).routes(routes);
}

function middleware(server: PaymentServer, select: Select): express.RequestHandler {
  // Never rejects: every failure goes to Express's error handling, as long as nothing has been sent.
  return async (req, res, next) => {
    const upstream = toHeaders(res.getHeaders());
    let held: ReturnType<typeof holdResponse> | undefined;
    try {
      const request = toRequest(req, res);
      const found = select(request, req);
      if (!found) return next();
      const hold = () => {
        held = holdResponse(req, res, next);
        return held.response;
      };
      const parameters = { name: found.key, params: found.params, native: req };
      const response = await server.handle(request, found.route, hold, parameters);
      held?.release();
      await sendResponse(res, response, upstream);
    } catch (error) {
      held?.release();
      // Once headers are out (a client gone mid-body), there is nothing left to answer.
      if (res.headersSent) return;
      resetResponse(res, upstream);
      next(error);
    }
  };
}
