// The conformance suite's test app on Express, shared by every Express run (local payees, remote facilitators).
import type { AddressInfo } from "node:net";
import type { PaymentServerOptions } from "@paymux/core/server";
import { paymux } from "@paymux/server-express";
import type express from "express";
import { CONTENT, type MakeTestApp, type TestApp } from "./conformance.js";

/** Serves the suite's routes with `paymux(options)` on an app made by `create` (Express 4 or 5), over real HTTP. */
export async function serveExpressApp(
  create: typeof express,
  options: PaymentServerOptions,
  { routes, table, drain }: Pick<Parameters<MakeTestApp>[0], "routes" | "table" | "drain">,
): Promise<TestApp> {
  const pay = paymux(options);
  const app = create();
  app.use(pay.routes(table));
  app.get("/table/:id", (req, res) => {
    res.json({ content: CONTENT, id: req.params["id"] });
  });
  app.get("/free", (_req, res) => {
    res.send("free");
  });
  for (const route of routes) {
    app.get(route.path, pay.charge(route.charge), async (_req, res, next) => {
      try {
        if (route.behaviour === "throw") throw new Error("handler failed");
        if (route.behaviour === "500") {
          res.status(500).json({ error: "upstream down" });
          return;
        }
        if (route.behaviour === "drain") await drain();
        res.json({ content: CONTENT });
      } catch (error) {
        next(error);
      }
    });
  }
  app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ error: "handler failed" });
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    fetch: (path, init) => fetch(`${base}${path}`, init),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pay.close();
    },
  };
}
