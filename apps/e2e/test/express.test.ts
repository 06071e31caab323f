import type { AddressInfo } from "node:net";
import { paymux } from "@paymux/server-express";
import express from "express";
import express4 from "express4";
import { CONTENT, describeServerConformance, type MakeTestApp } from "./conformance.js";

function makeExpressApp(create: typeof express): MakeTestApp {
  return async ({ options, routes, table, drain }) => {
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
  };
}

describeServerConformance("express 5", makeExpressApp(express));
describeServerConformance("express 4", makeExpressApp(express4 as unknown as typeof express));
