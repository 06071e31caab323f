// The HTTP fault proxy against a tiny JSON-RPC upstream that counts what reaches it: each fault must do what
// its documentation says, and close() must leave nothing open.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type HttpFaultProxy, startHttpFaultProxy } from "./http-fault-proxy.js";

let upstream: Server;
let proxy: HttpFaultProxy;
/** Requests that reached the upstream, by JSON-RPC method or path. */
const reached: string[] = [];

beforeAll(async () => {
  upstream = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
    });
    request.on("end", () => {
      const body = text ? (JSON.parse(text) as { id?: unknown; method?: string }) : {};
      reached.push(body.method ?? request.url ?? "");
      response.writeHead(200, { "content-type": "application/json", "x-upstream": "yes" });
      response.end(
        JSON.stringify({ jsonrpc: "2.0", id: body.id ?? null, result: body.method ?? request.url }),
      );
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const port = (upstream.address() as AddressInfo).port;
  proxy = await startHttpFaultProxy({ target: `http://127.0.0.1:${port}` });
});

afterEach(() => {
  proxy.setFault("none");
  proxy.clearCalls();
  reached.length = 0;
});

afterAll(async () => {
  await proxy.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

const rpc = (method: string, id = 1, signal?: AbortSignal) =>
  fetch(proxy.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id, method, params: [] }),
    ...(signal ? { signal } : {}),
  });

describe("startHttpFaultProxy", () => {
  it("forwards and records calls", async () => {
    const response = await rpc("eth_chainId", 7);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-upstream")).toBe("yes");
    expect(await response.json()).toEqual({ jsonrpc: "2.0", id: 7, result: "eth_chainId" });
    expect(await (await fetch(`${proxy.url}/settle`, { method: "POST", body: "{}" })).json()).toMatchObject({
      result: "/settle",
    });
    expect(proxy.calls.map((call) => [call.method, call.path])).toEqual([
      ["eth_chainId", "/"],
      [undefined, "/settle"],
    ]);
    expect(proxy.count("eth_chainId")).toBe(1);
    expect(proxy.count("/settle")).toBe(1);
    expect(proxy.calls[0]?.at).toBeGreaterThan(Date.now() - 5_000);
  });

  it("down: resets every connection and nothing reaches the upstream", async () => {
    proxy.setFault("down");
    await expect(rpc("eth_chainId")).rejects.toThrow();
    expect(reached).toEqual([]);
    proxy.setFault("none");
    expect((await rpc("eth_chainId")).status).toBe(200);
  });

  it("slow: waits before forwarding", async () => {
    proxy.setFault({ kind: "slow", ms: 300 });
    const started = performance.now();
    expect((await rpc("eth_chainId")).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  });

  it("error: an HTTP status, or a JSON-RPC error with the request's id", async () => {
    proxy.setFault({ kind: "error", status: 500 });
    expect((await rpc("eth_chainId")).status).toBe(500);
    proxy.setFault({ kind: "error", rpcError: { code: -32603, message: "injected" } });
    const answer = await rpc("eth_chainId", 42);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      jsonrpc: "2.0",
      id: 42,
      error: { code: -32603, message: "injected" },
    });
    expect(reached).toEqual([]);
  });

  it("hang: never answers, and close() is not held up by it", async () => {
    proxy.setFault("hang");
    await expect(rpc("eth_chainId", 1, AbortSignal.timeout(300))).rejects.toThrow();
    expect(reached).toEqual([]);
  });

  it("targets a method, its nth occurrence, or its first n", async () => {
    proxy.setFault({ kind: "error", method: "eth_sendRawTransaction", nth: 2, status: 503 });
    expect((await rpc("eth_sendRawTransaction")).status).toBe(200);
    expect((await rpc("eth_chainId")).status).toBe(200);
    expect((await rpc("eth_sendRawTransaction")).status).toBe(503);
    expect((await rpc("eth_sendRawTransaction")).status).toBe(200);
    proxy.setFault([
      { kind: "error", method: /^eth_get/, times: 1 },
      { kind: "error", status: 500, path: "/settle" },
    ]);
    expect((await rpc("eth_getTransactionReceipt")).status).toBe(503);
    expect((await rpc("eth_getTransactionReceipt")).status).toBe(200);
    expect((await fetch(`${proxy.url}/settle`, { method: "POST", body: "{}" })).status).toBe(500);
    expect(proxy.calls.map((call) => call.fault ?? "-")).toEqual([
      "-",
      "-",
      "error",
      "-",
      "error",
      "-",
      "error",
    ]);
  });

  it("drop-response: the upstream acts, the caller sees a reset, a hang or an error", async () => {
    proxy.setFault({ kind: "drop-response", method: "sendTransaction" });
    await expect(rpc("sendTransaction")).rejects.toThrow();
    proxy.setFault({ kind: "drop-response", method: "sendTransaction", instead: "hang" });
    await expect(rpc("sendTransaction", 2, AbortSignal.timeout(300))).rejects.toThrow();
    proxy.setFault({ kind: "drop-response", method: "sendTransaction", instead: "error", status: 502 });
    expect((await rpc("sendTransaction")).status).toBe(502);
    expect(reached).toEqual(["sendTransaction", "sendTransaction", "sendTransaction"]);
  });

  it("keeps the target's path in its url", async () => {
    const port = (upstream.address() as AddressInfo).port;
    const nested = await startHttpFaultProxy({ target: `http://127.0.0.1:${port}/x402/` });
    try {
      expect(nested.url).toBe(`http://127.0.0.1:${nested.port}/x402`);
      const answer = await fetch(`${nested.url}/verify`, { method: "POST", body: "{}" });
      expect(await answer.json()).toMatchObject({ result: "/x402/verify" });
    } finally {
      await nested.close();
    }
  });
});
