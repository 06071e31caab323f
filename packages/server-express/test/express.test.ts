import { Readable } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { gate, SETTLE_FAILED } from "../../core/test/fake-payment-server.js";
import { EXPRESS_VERSIONS, errorHandler, expectChallenge, listen, PAID, raw, setup } from "./http.js";

describe.each(EXPRESS_VERSIONS)("%s", (_label, express) => {
  const app = (options?: Parameters<typeof setup>[1]) => setup(express, options);

  it("answers an unpaid request with the server's 402 (upstream headers kept), handler not run", async () => {
    const { server, pay, app: application } = app();
    let ran = false;
    application.get("/data", pay.charge({ amount: "0.001" }), (_req, res) => {
      ran = true;
      res.json({ ok: true });
    });
    const response = await fetch(`${await listen(application)}/data`);
    expectChallenge(response, await response.text());
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.getSetCookie()).toEqual(["session=s1; Path=/"]);
    expect(ran).toBe(false);
    expect(server.calls[0]?.route).toEqual({ amount: "0.001" });
  });

  it("serves a paid request with the handler's response and the receipt", async () => {
    const { pay, app: application } = app();
    application.get("/data", pay.charge({ amount: "0.001" }), (_req, res) => {
      res.status(201).setHeader("x-handler", "yes");
      res.json({ ok: true });
    });
    const response = await fetch(`${await listen(application)}/data`, { headers: PAID });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get("x-receipt")).toBe("receipt-1");
    expect(response.headers.get("x-handler")).toBe("yes");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("translates the request: URL, method, joined headers, params, name, native; body unread", async () => {
    const { server, pay, app: application } = app();
    const router = express.Router();
    router.post("/items/:id", pay.charge({ amount: "0.001" }), express.json(), (req, res) => {
      res.json({ received: req.body });
    });
    application.use("/api", router);
    const url = await listen(application);
    const response = await raw(`${url}/api/items/42?q=1`, {
      method: "POST",
      headers: { ...PAID, "x-multi": ["a", "b"], "content-type": "application/json" },
      body: JSON.stringify({ city: "Paris" }),
    });
    expect(JSON.parse(response.body)).toEqual({ received: { city: "Paris" } });
    const call = server.calls[0]!;
    expect(call.request.url).toBe(`${url}/api/items/42?q=1`);
    expect(call.request.method).toBe("POST");
    expect(call.request.headers.get("x-multi")).toBe("a, b");
    expect(call.request.headers.get("host")).toBe(new URL(url).host);
    expect(call.parameters.params).toEqual({ id: "42" });
    expect(call.parameters.name).toBe("POST /api/items/:id");
    expect((call.parameters.native as { originalUrl: string }).originalUrl).toBe("/api/items/42?q=1");
  });

  it("holds back a streaming handler (res.write with delays) until the server returns", async () => {
    const open = gate();
    const { pay, app: application } = app({ gate: open.promise });
    let handlerEnded = 0;
    application.get("/stream", pay.charge({ amount: "0.001" }), (_req, res) => {
      res.setHeader("content-type", "text/plain");
      res.flushHeaders();
      let sent = 0;
      const tick = () => {
        res.write(`chunk${sent}\n`);
        if (++sent < 3) setTimeout(tick, 20);
        else {
          res.end("done");
          handlerEnded = performance.now();
        }
      };
      tick();
    });
    const pending = raw(`${await listen(application)}/stream`, { headers: PAID });
    await expect.poll(() => handlerEnded).toBeGreaterThan(0);
    await delay(100);
    const openedAt = performance.now();
    open.open();
    const response = await pending;
    expect(response.firstByteAt).toBeGreaterThan(openedAt);
    expect(response.body).toBe("chunk0\nchunk1\nchunk2\ndone");
    expect(response.headers["x-receipt"]).toBe("receipt-1");
  });

  it("holds back a piped Readable until the server returns", async () => {
    const open = gate();
    const { pay, app: application } = app({ gate: open.promise });
    let piped = false;
    application.get("/pipe", pay.charge({ amount: "0.001" }), (_req, res) => {
      async function* parts() {
        for (const part of ["a", "b", "c"]) {
          await delay(15);
          yield part;
        }
        piped = true;
      }
      Readable.from(parts()).pipe(res);
    });
    const pending = raw(`${await listen(application)}/pipe`, { headers: PAID });
    await expect.poll(() => piped).toBe(true);
    await delay(100);
    const openedAt = performance.now();
    open.open();
    const response = await pending;
    expect(response.firstByteAt).toBeGreaterThan(openedAt);
    expect(response.body).toBe("abc");
  });

  it("answers a failed settlement with the server's 402, none of the handler's headers or body", async () => {
    const { pay, app: application } = app({ mode: "fail" });
    application.get("/data", pay.charge({ amount: "0.001" }), (_req, res) => {
      res.setHeader("x-handler", "yes");
      res.setHeader("cache-control", "max-age=60");
      res.cookie("handler", "h");
      res.type("text/plain").send("secret content");
    });
    const response = await fetch(`${await listen(application)}/data`, { headers: PAID });
    const body = await response.text();
    expectChallenge(response, body, SETTLE_FAILED);
    expect(body).not.toContain("secret");
    expect(response.headers.get("x-handler")).toBeNull();
    expect(response.headers.get("content-length")).not.toBe("14");
    expect(response.headers.getSetCookie()).toEqual(["session=s1; Path=/"]);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("lets the app's error handler answer a throwing handler, uncharged", async () => {
    const { server, pay, app: application } = app();
    application.get("/boom", pay.charge({ amount: "0.001" }), (_req, res) => {
      res.setHeader("x-handler", "yes");
      throw new Error("boom");
    });
    application.use(errorHandler);
    const response = await fetch(`${await listen(application)}/boom`, { headers: PAID });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "boom" });
    expect(response.headers.get("x-receipt")).toBeNull();
    // Express hands a later layer's error to the app's error handlers, never back up to this middleware, so
    // the server sees the error handler's 500 (and charges nothing) instead of a rejection.
    expect(server.calls[0]?.status).toBe(500);
  });

  it("passes a server failure to Express's error handling, without the held handler's headers", async () => {
    const { pay, app: application } = app({ mode: "throw" });
    application.get("/data", pay.charge({ amount: "0.001" }), (_req, res) => {
      res.setHeader("x-handler", "yes");
      res.send("content");
    });
    application.use(errorHandler);
    const response = await fetch(`${await listen(application)}/data`, { headers: PAID });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "store down" });
    expect(response.headers.get("x-handler")).toBeNull();
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("passes a fall-through to Express's 404 on, uncharged", async () => {
    const { server, pay, app: application } = app();
    application.use("/nothing", pay.charge({ amount: "0.001" }));
    const response = await fetch(`${await listen(application)}/nothing/here`, { headers: PAID });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Cannot GET /nothing/here");
    expect(response.headers.get("x-receipt")).toBeNull();
    expect(server.calls[0]?.status).toBe(404);
  });

  it("handles HEAD and 204 responses", async () => {
    const { pay, app: application } = app();
    application.get("/data", pay.charge({ amount: "0.001" }), (_req, res) => {
      res.json({ ok: true });
    });
    application.delete("/data", pay.charge({ amount: "0.001" }), (_req, res) => {
      res.status(204).end();
    });
    const url = await listen(application);
    const head = await raw(`${url}/data`, { method: "HEAD", headers: PAID });
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect(head.headers["content-length"]).toBe("11");
    expect(head.headers["x-receipt"]).toBe("receipt-1");
    const unpaid = await raw(`${url}/data`, { method: "HEAD" });
    expect(unpaid.status).toBe(402);
    expect(unpaid.body).toBe("");
    expect(unpaid.headers["payment-required"]).toBe("challenge-1");
    const deleted = await fetch(`${url}/data`, { method: "DELETE", headers: PAID });
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get("x-receipt")).toBe("receipt-1");
  });

  it("keeps every Set-Cookie and writeHead's status, message and headers", async () => {
    const { pay, app: application } = app();
    application.get("/cookies", pay.charge({ amount: "0.001" }), (_req, res) => {
      res.cookie("a", "1");
      res.cookie("b", "2");
      res.writeHead(201, "Made", ["x-twice", "1", "x-twice", "2", "content-type", "text/plain"]);
      res.end("ok");
    });
    application.get("/object", pay.charge({ amount: "0.001" }), (_req, res) => {
      res.writeHead(202, { "content-type": "text/plain", "content-length": 2 });
      res.write("o", "utf8", () => undefined);
      res.end(Buffer.from("k"), () => undefined);
    });
    const url = await listen(application);
    const object = await fetch(`${url}/object`, { headers: PAID });
    expect([object.status, object.headers.get("content-length"), await object.text()]).toEqual([
      202,
      "2",
      "ok",
    ]);
    const response = await fetch(`${url}/cookies`, { headers: PAID });
    expect(response.status).toBe(201);
    expect(response.statusText).toBe("Made");
    expect(response.headers.getSetCookie()).toEqual(["session=s1; Path=/", "a=1; Path=/", "b=2; Path=/"]);
    expect(response.headers.get("x-twice")).toBe("1, 2");
    expect(await response.text()).toBe("ok");
  });
});
