import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createFacilitatorClient } from "./facilitator-client.js";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A real HTTP facilitator stand-in that answers each request with the next handler (the last one repeats). */
async function facilitator(...handlers: Handler[]) {
  const seen: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      (handlers[Math.min(seen.length - 1, handlers.length - 1)] as Handler)(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({ close: () => server.close() });
  server.unref();
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/facilitator/`, seen };
}

const json =
  (status: number, value: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(JSON.stringify(value));
  };
const BODY = {
  x402Version: 2 as const,
  paymentPayload: {
    x402Version: 2 as const,
    accepted: {
      scheme: "exact",
      network: "eip155:84532",
      amount: "1",
      asset: "0x1",
      payTo: "0x2",
      maxTimeoutSeconds: 60,
    },
    payload: {},
  },
  paymentRequirements: {
    scheme: "exact",
    network: "eip155:84532",
    amount: "1",
    asset: "0x1",
    payTo: "0x2",
    maxTimeoutSeconds: 60,
  },
};
const fast = { retryDelayMs: 5 };

describe("createFacilitatorClient", () => {
  it("retries /verify and /supported on 5xx and 429, then succeeds", async () => {
    const server = await facilitator(
      json(503, { error: "busy" }),
      json(429, { error: "slow down" }, { "Retry-After": "0" }),
      json(200, { isValid: true, payer: "0xabc" }),
    );
    const client = createFacilitatorClient({ url: server.url, ...fast });
    expect(await client.verify(BODY)).toMatchObject({ isValid: true, payer: "0xabc" });
    expect(server.seen).toHaveLength(3);
    expect(server.seen[0]).toMatchObject({ method: "POST", url: "/facilitator/verify" });
    expect(JSON.parse(server.seen[0]?.body ?? "")).toEqual(BODY);
  });

  it("never retries /settle, and reports a 5xx as FACILITATOR_ERROR", async () => {
    const server = await facilitator(json(502, { error: "bad gateway" }), json(200, { success: true }));
    const client = createFacilitatorClient({ url: server.url, ...fast });
    await expect(client.settle(BODY)).rejects.toMatchObject({
      code: "FACILITATOR_ERROR",
      context: { status: 502 },
    });
    expect(server.seen).toHaveLength(1);
  });

  it("treats isValid:false and success:false as results whatever the status", async () => {
    const server = await facilitator(
      json(400, { isValid: false, invalidReason: "invalid_exact_evm_signature" }),
      json(500, {
        success: false,
        errorReason: "transaction_failed",
        transaction: "",
        network: "eip155:84532",
      }),
    );
    const client = createFacilitatorClient({ url: server.url, ...fast });
    expect(await client.verify(BODY)).toMatchObject({
      isValid: false,
      invalidReason: "invalid_exact_evm_signature",
    });
    expect(await client.settle(BODY)).toMatchObject({ success: false, errorReason: "transaction_failed" });
  });

  it("times out a facilitator that does not answer", async () => {
    const server = await facilitator(() => undefined);
    const client = createFacilitatorClient({ url: server.url, timeoutMs: 100, retries: 1, ...fast });
    const started = Date.now();
    await expect(client.supported()).rejects.toMatchObject({ code: "FACILITATOR_ERROR" });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.seen).toHaveLength(2);
  });

  it("refuses malformed bodies with FACILITATOR_ERROR", async () => {
    const server = await facilitator(json(200, { kinds: "nope" }));
    const client = createFacilitatorClient({ url: server.url, retries: 0 });
    await expect(client.supported()).rejects.toMatchObject({ code: "FACILITATOR_ERROR" });
  });

  it("follows a 308 with method and body, and sends per-endpoint headers", async () => {
    const target = await facilitator(json(200, { isValid: true }));
    const moved = await facilitator((_req, res) => {
      res.writeHead(308, { Location: `${target.url}verify` });
      res.end();
    });
    const client = createFacilitatorClient({
      url: moved.url,
      headers: (endpoint) => ({ "X-Api-Key": `key-for-${endpoint}` }),
    });
    expect(await client.verify(BODY)).toMatchObject({ isValid: true });
    expect(target.seen[0]).toMatchObject({ method: "POST", url: "/facilitator/verify" });
    expect(target.seen[0]?.headers["x-api-key"]).toBe("key-for-verify");
    expect(JSON.parse(target.seen[0]?.body ?? "")).toEqual(BODY);
  });

  it("rejects a URL that is not one", () => {
    expect(() => createFacilitatorClient({ url: "not a url" })).toThrowError(
      expect.objectContaining({ code: "CONFIG_INVALID" }),
    );
  });
});
