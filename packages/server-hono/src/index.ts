import {
  createPaymentServer,
  createRouteMatcher,
  type PaymentServer,
  type PaymentServerOptions,
  type RouteConfig,
  type RouteMatch,
  type RoutesTable,
} from "@paymux/core/server";
import type { Context, MiddlewareHandler } from "hono";

/** Options of {@link paymux} and {@link paymentMiddleware}: server options or a `createPaymentServer` one. */
export type PaymuxParameters = PaymentServerOptions | PaymentServer;

/** What {@link paymux} returns: Hono middleware over one payment server. */
export type PaymuxHono = {
  /** The framework-free payment server the middleware translates to. */
  server: PaymentServer;
  /** Charges the route it is mounted on: `app.get(path, pay.charge({ price: "$0.01" }), handler)`. */
  charge(route: RouteConfig): MiddlewareHandler;
  /** Charges the requests a routes table matches (default: the server's `routes`); others pass untouched. */
  routes(table?: RoutesTable): MiddlewareHandler;
  /** Stops what the server started (the local chains in zero-config mode) and closes its store. */
  close(): Promise<void>;
};

/** paymux for Hono 4: charges HTTP requests over 402 with core's server flow. */
export function paymux(parameters: PaymuxParameters = {}): PaymuxHono {
  const server = "handle" in parameters ? parameters : createPaymentServer(parameters);
  return {
    server,
    // Hono has matched already: its params are the truth, its route path a stable name for events.
    charge: (route) =>
      middleware(server, (c) => ({
        key: `${c.req.method} ${c.req.routePath}`,
        route,
        params: c.req.param(),
      })),
    routes(table) {
      const match = table ? createRouteMatcher(table) : (request: Request) => server.match(request);
      return middleware(server, (c) => match(c.req.raw));
    },
    close: () => server.close(),
  };
}

/** A routes table as one Hono middleware: `app.use(paymentMiddleware({ "GET /weather": { price } }))`. */
export function paymentMiddleware(routes: RoutesTable, parameters?: PaymuxParameters): MiddlewareHandler {
  return paymux(parameters).routes(routes);
}

function middleware(
  server: PaymentServer,
  select: (c: Context) => RouteMatch | undefined,
): MiddlewareHandler {
  return async (c, next) => {
    const found = select(c);
    if (!found) return next();
    // What the middleware before us set (CORS, cookies) must survive on a response core builds itself.
    const outer = new Headers(c.res.headers);
    const priorError = c.error;
    let failed = false;
    const handler = async () => {
      // Hono's compose turns a throwing handler into `c.error` and onError's answer; core must see a throw.
      await next();
      if (c.error === priorError) return c.res;
      failed = true;
      throw c.error;
    };
    try {
      const parameters = { name: found.key, params: found.params, native: c };
      const response = await server.handle(c.req.raw, found.route, handler, parameters);
      if (response === c.res) return;
      // The `c.res` setter merges the previous response's headers into the new one: a 402 must carry none of
      // the handler's, so the slot is emptied first.
      c.res = undefined;
      c.res = withHeaders(response, outer);
    } catch (error) {
      // A handler's error was answered by onError already (that is `c.res`); anything else goes there now,
      // and the held handler's headers must not leak into onError's answer through the `c.res` setter.
      if (failed && error === c.error) return;
      c.res = undefined;
      c.res = new Response(null, { headers: outer });
      throw error;
    }
  };
}

function withHeaders(response: Response, outer: Headers): Response {
  if (!outer.has("set-cookie")) {
    try {
      // Core's responses have mutable headers: adding to them keeps the body as it is (a string body, not a
      // stream), which @hono/node-server writes in one go.
      for (const [name, value] of outer) if (!response.headers.has(name)) response.headers.set(name, value);
      return response;
    } catch {
      // Immutable headers (a Response from fetch): rebuilt below.
    }
  }
  const headers = new Headers(response.headers);
  for (const [name, value] of outer)
    if (name !== "set-cookie" && !headers.has(name)) headers.set(name, value);
  if (!headers.has("set-cookie"))
    for (const cookie of outer.getSetCookie()) headers.append("set-cookie", cookie);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
