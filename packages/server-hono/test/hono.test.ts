import { setTimeout as delay } from "node:timers/promises";
import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { cors } from "hono/cors";
import { describe, expect, it } from "vitest";
import {
  CHALLENGE,
  type FakeServerOptions,
  fakeServer,
  gate,
  SETTLE_FAILED,
} from "../../core/test/fake-payment-server.js";
import { paymentMiddleware, paymux } from "../src/index.js";

const PAID = { "x-paid": "1" };

function setup(options: FakeServerOptions = {}) {
  const server = fakeServer(options);
  const pay = paymux(server);
  // What an upstream CORS or session middleware leaves on every response.
  const app = new Hono().use(cors()).use(async (c, next) => {
    setCookie(c, "session", "s1");
    await next();
  });
  return { server, pay, app };
}

async function expectChallenge(
  response: Response,
  challenge: { body: string; headers: Record<string, string> } = CHALLENGE,
) {
  expect(response.status).toBe(402);
  expect(await response.text()).toBe(challenge.body);
  for (const [name, value] of Object.entries(challenge.headers))
    expect(response.headers.get(name)).toBe(value);
}

describe("@paymux/server-hono", () => {
  it("answers an unpaid request with the server's 402 (upstream headers kept), handler not run", async () => {
    const { server, pay, app } = setup();
    let ran = false;
    app.get("/data", pay.charge({ amount: "0.001" }), (c) => {
      ran = true;
      return c.json({ ok: true });
    });
    const response = await app.request("/data", { headers: { origin: "https://web.test" } });
    await expectChallenge(response);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.getSetCookie()).toEqual(["session=s1; Path=/"]);
    expect(ran).toBe(false);
    expect(server.calls[0]?.route).toEqual({ amount: "0.001" });
  });

  it("serves a paid request with the handler's response and the receipt", async () => {
    const { pay, app } = setup();
    app.get("/data", pay.charge({ amount: "0.001" }), (c) => {
      c.header("x-handler", "yes");
      return c.json({ ok: true }, 201);
    });
    const response = await app.request("/data", { headers: PAID });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get("x-receipt")).toBe("receipt-1");
    expect(response.headers.get("x-handler")).toBe("yes");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("hands core the raw request, Hono's params, the route path as name, the context as native", async () => {
    const { server, pay, app } = setup();
    app.post("/items/:id", pay.charge({ amount: "0.001" }), async (c) => c.json(await c.req.json()));
    const response = await app.request("http://api.test/items/42?q=1", {
      method: "POST",
      headers: { ...PAID, "content-type": "application/json" },
      body: JSON.stringify({ city: "Paris" }),
    });
    expect(await response.json()).toEqual({ city: "Paris" });
    const call = server.calls[0]!;
    expect(call.request.url).toBe("http://api.test/items/42?q=1");
    expect(call.parameters).toMatchObject({ name: "POST /items/:id", params: { id: "42" } });
    expect((call.parameters.native as { req: { raw: Request } }).req.raw).toBe(call.request);
  });

  it("holds back a streaming handler until the server returns", async () => {
    const open = gate();
    const { pay, app } = setup({ gate: open.promise });
    let streamed = false;
    app.get("/stream", pay.charge({ amount: "0.001" }), (c) => {
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          for (const part of ["a", "b", "c"]) {
            await delay(15);
            controller.enqueue(encoder.encode(part));
          }
          controller.close();
          streamed = true;
        },
      });
      return c.body(body, 200, { "content-type": "text/plain" });
    });
    let answered = false;
    const pending = Promise.resolve(app.request("/stream", { headers: PAID })).then((response) => {
      answered = true;
      return response;
    });
    await expect.poll(() => streamed).toBe(true);
    await delay(50);
    expect(answered).toBe(false);
    open.open();
    const response = await pending;
    expect(await response.text()).toBe("abc");
    expect(response.headers.get("x-receipt")).toBe("receipt-1");
  });

  it("answers a failed settlement with the server's 402, none of the handler's headers or body", async () => {
    const { pay, app } = setup({ mode: "fail" });
    app.get("/data", pay.charge({ amount: "0.001" }), (c) => {
      c.header("x-handler", "yes");
      c.header("cache-control", "max-age=60");
      setCookie(c, "handler", "h");
      return c.text("secret content");
    });
    const response = await app.request("/data", { headers: PAID });
    await expectChallenge(response, SETTLE_FAILED);
    expect(response.headers.get("x-handler")).toBeNull();
    expect(response.headers.getSetCookie()).toEqual(["session=s1; Path=/"]);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("lets onError answer a throwing handler, and the server sees the rejection", async () => {
    const { server, pay, app } = setup();
    const boom = new Error("boom");
    app.get("/boom", pay.charge({ amount: "0.001" }), () => {
      throw boom;
    });
    let answered = 0;
    app.onError((error, c) => {
      answered += 1;
      return c.json({ error: error.message }, 500);
    });
    const response = await app.request("/boom", { headers: PAID });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "boom" });
    expect(response.headers.get("x-receipt")).toBeNull();
    expect(server.calls[0]?.rejected).toBe(boom);
    expect(answered).toBe(1);
  });

  it("sends a server failure to onError, without the handler's headers", async () => {
    const { pay, app } = setup({ mode: "throw" });
    app.get("/data", pay.charge({ amount: "0.001" }), (c) => {
      c.header("x-handler", "yes");
      return c.text("content");
    });
    app.onError((error, c) => c.json({ error: error.message }, 500));
    const response = await app.request("/data", { headers: PAID });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "store down" });
    expect(response.headers.get("x-handler")).toBeNull();
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("passes a fall-through to Hono's 404 on, uncharged", async () => {
    const { server, pay, app } = setup();
    app.use("/nothing/*", pay.charge({ amount: "0.001" }));
    const response = await app.request("/nothing/here", { headers: PAID });
    expect(response.status).toBe(404);
    expect(response.headers.get("x-receipt")).toBeNull();
    expect(server.calls[0]?.status).toBe(404);
  });

  it("handles HEAD and 204 responses", async () => {
    const { pay, app } = setup();
    app.get("/data", pay.charge({ amount: "0.001" }), (c) => c.json({ ok: true }));
    app.delete("/data", pay.charge({ amount: "0.001" }), (c) => c.body(null, 204));
    const head = await app.request("/data", { method: "HEAD", headers: PAID });
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect(head.headers.get("x-receipt")).toBe("receipt-1");
    const unpaid = await app.request("/data", { method: "HEAD" });
    expect(unpaid.status).toBe(402);
    expect(unpaid.headers.get("payment-required")).toBe("challenge-1");
    const deleted = await app.request("/data", { method: "DELETE", headers: PAID });
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get("x-receipt")).toBe("receipt-1");
  });

  it("keeps every Set-Cookie", async () => {
    const { pay, app } = setup();
    app.get("/cookies", pay.charge({ amount: "0.001" }), (c) => {
      setCookie(c, "a", "1");
      setCookie(c, "b", "2");
      return c.text("ok");
    });
    const response = await app.request("/cookies", { headers: PAID });
    expect(response.headers.getSetCookie()).toEqual(["session=s1; Path=/", "a=1; Path=/", "b=2; Path=/"]);
    expect(response.headers.get("x-receipt")).toBe("receipt-1");
  });

  it("charges only the routes a table matches", async () => {
    const { server, pay, app } = setup();
    app.use(pay.routes({ "GET /weather": { price: "$0.001" }, "POST /jobs/:id": { price: "$0.01" } }));
    app.get("/weather", (c) => c.text("sunny"));
    app.get("/free", (c) => c.text("free"));
    app.post("/jobs/:id", (c) => c.text(`job ${c.req.param("id")}`));
    expect(await (await app.request("/free")).text()).toBe("free");
    expect(server.calls).toHaveLength(0);
    await expectChallenge(await app.request("/weather"));
    const job = await app.request("/jobs/42", { method: "POST", headers: PAID });
    expect(await job.text()).toBe("job 42");
    expect(job.headers.get("x-receipt")).toBe("receipt-1");
    expect(server.calls[1]?.parameters).toMatchObject({ name: "POST /jobs/:id", params: { id: "42" } });
  });

  it("uses the server's own routes without a table, and paymentMiddleware stands alone", async () => {
    const server = fakeServer({ routes: { "GET /weather": { price: "$0.001" } } });
    const app = new Hono();
    app.use(paymux(server).routes());
    app.use("/standalone/*", paymentMiddleware({ "/standalone/*": { price: "$0.002" } }, server));
    app.get("/weather", (c) => c.text("sunny"));
    app.get("/standalone/x", (c) => c.text("x"));
    expect((await app.request("/weather")).status).toBe(402);
    expect((await app.request("/standalone/x")).status).toBe(402);
    expect(server.calls.map((call) => call.route)).toEqual([{ price: "$0.001" }, { price: "$0.002" }]);
  });

  it("closes the server", async () => {
    const server = fakeServer();
    await paymux(server).close();
    expect(server.closed).toBe(1);
  });
});
