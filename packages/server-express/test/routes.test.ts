import { setTimeout as delay } from "node:timers/promises";
import express5 from "express";
import { describe, expect, it } from "vitest";
import { fakeServer } from "../../core/test/fake-payment-server.js";
import { paymentMiddleware, paymux } from "../src/index.js";
import { EXPRESS_VERSIONS, errorHandler, expectChallenge, listen, PAID, setup } from "./http.js";

describe.each(EXPRESS_VERSIONS)("%s", (_label, express) => {
  const app = (options?: Parameters<typeof setup>[1]) => setup(express, options);

  it("charges only the routes a table matches", async () => {
    const { server, pay, app: application } = app();
    application.use(
      pay.routes({ "GET /weather": { price: "$0.001" }, "POST /jobs/:id": { price: "$0.01" } }),
    );
    application.get("/weather", (_req, res) => res.send("sunny"));
    application.get("/free", (_req, res) => res.send("free"));
    application.post("/jobs/:id", (req, res) => res.send(`job ${req.params["id"]}`));
    const url = await listen(application);
    const free = await fetch(`${url}/free`);
    expect(await free.text()).toBe("free");
    expect(server.calls).toHaveLength(0);
    const unpaid = await fetch(`${url}/weather`);
    expectChallenge(unpaid, await unpaid.text());
    const job = await fetch(`${url}/jobs/42`, { method: "POST", headers: PAID });
    expect(await job.text()).toBe("job 42");
    expect(job.headers.get("x-receipt")).toBe("receipt-1");
    expect(server.calls[1]?.parameters).toMatchObject({ name: "POST /jobs/:id", params: { id: "42" } });
    expect(server.calls[1]?.parameters.native).toBeDefined();
  });

  it("uses the server's own routes without a table, and paymentMiddleware stands alone", async () => {
    const server = fakeServer({ routes: { "GET /weather": { price: "$0.001" } } });
    const application = express();
    application.use(paymux(server).routes());
    application.use("/standalone", paymentMiddleware({ "/standalone/*": { price: "$0.002" } }, server));
    application.get("/weather", (_req, res) => res.send("sunny"));
    application.get("/standalone/x", (_req, res) => res.send("x"));
    const url = await listen(application);
    expect((await fetch(`${url}/weather`)).status).toBe(402);
    expect((await fetch(`${url}/standalone/x`)).status).toBe(402);
    expect(server.calls.map((call) => call.route)).toEqual([{ price: "$0.001" }, { price: "$0.002" }]);
  });

  it("closes the server", async () => {
    const server = fakeServer();
    await paymux(server).close();
    expect(server.closed).toBe(1);
  });
});

// Express 4 does not catch a rejected promise from a handler at all, so this one is for Express 5 only.
describe("Express 5", () => {
  it("lets the error handler answer an async handler's rejection, uncharged", async () => {
    const server = fakeServer();
    const application = express5();
    application.get("/boom", paymux(server).charge({ amount: "0.001" }), async () => {
      await delay(5);
      throw new Error("async boom");
    });
    application.use(errorHandler);
    const response = await fetch(`${await listen(application)}/boom`, { headers: PAID });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "async boom" });
    expect(server.calls[0]?.status).toBe(500);
  });
});
