import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createSolanaEngine } from "./engine.js";
import { type SolanaRpcServer, startSolanaRpcServer } from "./http-server.js";
import { parseJson } from "./json.js";

describe("HTTP JSON-RPC server", () => {
  let server: SolanaRpcServer;
  beforeAll(async () => {
    server = await startSolanaRpcServer(createSolanaEngine(), { maxBodyBytes: 4096 });
  });
  afterAll(() => server.close());

  const post = (body: string) =>
    fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body });

  test("listens on a loopback port", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test("answers a batch in order, errors included, with u64 values as JSON numbers", async () => {
    const response = await post(
      JSON.stringify([
        { jsonrpc: "2.0", id: 1, method: "getSlot" },
        { jsonrpc: "2.0", id: "two", method: "getNothing", params: [] },
        {
          jsonrpc: "2.0",
          id: 3,
          method: "getAccountInfo",
          params: ["11111111111111111111111111111111", { encoding: "base64" }],
        },
        { jsonrpc: "2.0", method: "getHealth" },
      ]),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const text = await response.text();
    expect(text).toContain('"rentEpoch":18446744073709551615');
    const replies = parseJson(text) as { id: unknown; result?: unknown; error?: { code: number } }[];
    expect(replies.map((r) => r.id)).toEqual([1, "two", 3]);
    expect(typeof replies[0]!.result).toBe("number");
    expect(replies[1]!.error?.code).toBe(-32601);
    expect(replies[2]!.result).toMatchObject({ value: { rentEpoch: 18_446_744_073_709_551_615n } });
  });

  test("rejects malformed JSON, empty batches and non-2.0 requests", async () => {
    expect(await (await post("{oops")).json()).toEqual({
      jsonrpc: "2.0",
      error: { code: -32700, message: "Parse error" },
      id: null,
    });
    expect(await (await post("[]")).json()).toMatchObject({ error: { code: -32600 } });
    expect(await (await post('{"id":1,"method":"getSlot"}')).json()).toMatchObject({
      id: 1,
      error: { code: -32600 },
    });
  });

  test("POST only, CORS preflight, /health, body cap", async () => {
    expect((await fetch(server.url)).status).toBe(405);
    const preflight = await fetch(server.url, {
      method: "OPTIONS",
      headers: {
        origin: "http://example.test",
        "access-control-request-headers": "content-type,solana-client",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("content-type,solana-client");
    expect(await (await fetch(`${server.url}/health`)).text()).toBe("ok");
    expect(
      (await post(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "getSlot", pad: "x".repeat(5000) })))
        .status,
    ).toBe(413);
  });
});
