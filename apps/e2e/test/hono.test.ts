import { paymux } from "@paymux/server-hono";
import { Hono } from "hono";
import { CONTENT, describeServerConformance } from "./conformance.js";

describeServerConformance("hono", async ({ options, routes, table, drain }) => {
  const pay = paymux(options);
  const app = new Hono();
  app.use(pay.routes(table));
  app.get("/table/:id", (c) => c.json({ content: CONTENT, id: c.req.param("id") }));
  app.get("/free", (c) => c.text("free"));
  for (const route of routes) {
    app.get(route.path, pay.charge(route.charge), async (c) => {
      if (route.behaviour === "throw") throw new Error("handler failed");
      if (route.behaviour === "500") return c.json({ error: "upstream down" }, 500);
      if (route.behaviour === "drain") await drain();
      return c.json({ content: CONTENT });
    });
  }
  app.onError((_error, c) => c.json({ error: "handler failed" }, 500));
  return {
    fetch: (path, init) => Promise.resolve(app.request(path, init)),
    close: () => pay.close(),
  };
});
