// The server under test, alone in its own process so that its CPU time and memory are its own and not the load
// generator's. Started by lib/child.mjs with BENCH_SERVER = { framework, chains }; answers IPC requests for
// its CPU and memory figures. Routes, identical in both frameworks:
//   GET /bare  no payment middleware, 200 JSON     (the framework's floor)
//   GET /paid  $0.001 in USDC on both chains      (402 unpaid; 200 once paid)
//   GET /sol   0.001 SOL (push, IETF and legacy)  (402 unpaid; 200 once paid)
//   GET /static402  a recorded /paid 402 replayed by a plain handler: the same bytes with no paymux work, so
//              what a 402 costs on the wire (its ~4 KB of challenges) is told apart from what paymux computes
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { serve } from "@hono/node-server";
import { paymux as paymuxExpress } from "@paymux/server-express";
import { paymux as paymuxHono } from "@paymux/server-hono";
import express from "express";
import { Hono } from "hono";
import { serverOptions } from "./payees.mjs";

const { framework, chains } = JSON.parse(process.env.BENCH_SERVER ?? "{}");
const BODY = { forecast: "sunny", temperatureC: 21, source: "paymux-bench" };
const PAID = { price: "$0.001", description: "bench data" };
const SOL = { amount: "0.001" };
const counts = { settled: 0, failed: 0, errors: 0 };
// Server-side phase durations of paid requests since the last "timings" request (ms, from core's events).
let timings = { verified: [], settled: [] };
// Filled from the server's own first 402, once it listens.
const recorded = { headers: {}, body: "" };

const options = await serverOptions(chains, {
  onEvent(event) {
    if (event.type === "verified") timings.verified.push(event.ms);
    if (event.type === "settled") timings.settled.push(event.ms);
    if (event.type === "settled") counts.settled++;
    else if (event.type === "settle_failed") counts.failed++;
    else if (event.type === "error") counts.errors++;
  },
});

async function listenExpress() {
  const pay = paymuxExpress(options);
  const app = express();
  app.get("/bare", (_req, res) => res.json(BODY));
  app.get("/paid", pay.charge(PAID), (_req, res) => res.json(BODY));
  app.get("/sol", pay.charge(SOL), (_req, res) => res.json(BODY));
  app.get("/static402", (_req, res) => res.status(402).set(recorded.headers).send(recorded.body));
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { port: server.address().port, server };
}

async function listenHono() {
  const pay = paymuxHono(options);
  const app = new Hono();
  app.get("/bare", (c) => c.json(BODY));
  app.get("/paid", pay.charge(PAID), (c) => c.json(BODY));
  app.get("/sol", pay.charge(SOL), (c) => c.json(BODY));
  app.get("/static402", (c) => c.body(recorded.body, 402, recorded.headers));
  let server;
  const port = await new Promise((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve(info.port));
  });
  return { port, server };
}

let profiler;
const running = framework === "hono" ? await listenHono() : await listenExpress();
{
  const response = await fetch(`http://127.0.0.1:${running.port}/paid`);
  recorded.body = await response.text();
  // Framework defaults (Date, Content-Length, Keep-Alive…) are left to the replaying framework.
  const own = new Set(["date", "content-length", "connection", "keep-alive", "x-powered-by", "etag"]);
  for (const [name, value] of response.headers) if (!own.has(name)) recorded.headers[name] = value;
}

// The parent asks; the answer carries the request id so replies cannot be mixed up.
process.on("message", async (message) => {
  const reply = (body) => process.send?.({ id: message.id, ...body });
  if (message.cmd === "usage") {
    reply({ cpu: process.cpuUsage(), memory: process.memoryUsage(), counts });
  } else if (message.cmd === "timings") {
    const mean = (list) => (list.length === 0 ? null : list.reduce((sum, ms) => sum + ms, 0) / list.length);
    reply({ verifyMs: mean(timings.verified), settleMs: mean(timings.settled), n: timings.settled.length });
    timings = { verified: [], settled: [] };
  } else if (message.cmd === "gc") {
    // Twice: the first pass may only queue finalizers that free more on the second.
    globalThis.gc?.();
    globalThis.gc?.();
    reply({ memory: process.memoryUsage(), collected: typeof globalThis.gc === "function" });
  } else if (message.cmd === "profile:start") {
    // The V8 profiler through the inspector: steady state only, unlike --cpu-prof, which also records start-up.
    profiler = new Session();
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.setSamplingInterval", { interval: 100 });
    await profiler.post("Profiler.start");
    reply({ started: true });
  } else if (message.cmd?.startsWith("profile:stop:")) {
    const { profile } = await profiler.post("Profiler.stop");
    profiler.disconnect();
    writeFileSync(message.cmd.slice("profile:stop:".length), JSON.stringify(profile));
    reply({ written: true });
  } else if (message.cmd === "stop") {
    const closed = new Promise((resolve) => running.server.close(resolve));
    running.server.closeAllConnections?.();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000))]);
    reply({ stopped: true });
    // process.exit (not a natural end): --cpu-prof writes its profile on exit either way, and keep-alive
    // sockets the load generator left open must not keep this process alive.
    setImmediate(() => process.exit(0));
  }
});
// An orphan (the parent died without stopping us) must not keep listening.
process.on("disconnect", () => process.exit(0));
process.send?.({ type: "ready", port: running.port, pid: process.pid });
