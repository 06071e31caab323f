// Server options on the real local chains, through the framework-free fetch handler: dialects switched off,
// settle-before, events, secret rotation, zero-config mode, and failing closed.
import { PAYMENT_PROBLEM_BASE } from "@paymux/core";
import {
  createPaymentServer,
  memoryStore,
  type PaymentEvent,
  type PaymentServer,
  type PaymentServerOptions,
  type PaymentStore,
} from "@paymux/core/server";
import { type LocalPayer, type LocalPayments, startLocalPayments } from "@paymux/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payHeaders } from "./pay.js";

const CONTENT = "paid-flow-content-91c";
const SECRET_A = "flow-secret-one-flow-secret-one-flow!";
const SECRET_B = "flow-secret-two-flow-secret-two-flow!";
const ROUTES = { "GET /data": { price: "$0.001" }, "GET /boom": { price: "$0.001" } };

let local: LocalPayments;
let payer: LocalPayer;
let evm: string;

beforeAll(async () => {
  local = await startLocalPayments({ solana: false });
  payer = await local.createPayer();
  evm = local.evm?.caip2 as string;
});
afterAll(() => local?.stop());

function serve(server: PaymentServer) {
  return async (path: string, init?: RequestInit) => {
    const request = new Request(`http://localhost${path}`, init);
    return server.fetch(request, async () => {
      if (path === "/boom") throw new Error("boom");
      return Response.json({ content: CONTENT });
    });
  };
}

const make = (options: Partial<PaymentServerOptions> = {}) =>
  createPaymentServer({
    payees: local.payees,
    payTo: local.payTo,
    networks: local.networks,
    assets: local.assets,
    secret: SECRET_A,
    routes: ROUTES,
    ...options,
  });
const recipient = async () => (await local.balances(local.payTo[evm as never] as string, evm)).usdc;

describe("server options", () => {
  it("leaves out switched-off dialects, in the 402 and when reading credentials", async () => {
    const server = make({ dialects: { "x402-v1": false, "payment-auth": false, "payment-request": false } });
    const fetch = serve(server);
    const challenge = await fetch("/data");
    expect(challenge.status).toBe(402);
    expect(challenge.headers.get("PAYMENT-REQUIRED")).toBeTruthy();
    expect(challenge.headers.get("WWW-Authenticate") ?? "").not.toMatch(/Payment/);
    const body = (await challenge.clone().json()) as Record<string, unknown>;
    expect(body["x402Version"]).toBeUndefined();
    expect(body["type"]).toBe(`${PAYMENT_PROBLEM_BASE}payment-required`);
    // A v1 credential (built from a server that speaks v1) is not read: the answer is a plain challenge.
    const v1 = await payHeaders(
      await serve(make())("/data"),
      { dialect: "x402-v1", scheme: "exact", network: evm },
      payer.payers,
    );
    const ignored = await fetch("/data", { headers: v1 });
    expect(ignored.status).toBe(402);
    expect(((await ignored.json()) as { type: string }).type).toBe(`${PAYMENT_PROBLEM_BASE}payment-required`);
  });

  it("settles before the handler when asked, so a handler that then throws is still charged", async () => {
    const server = make({ settle: "before" });
    const fetch = serve(server);
    const before = await recipient();
    const headers = await payHeaders(
      await fetch("/boom"),
      { dialect: "x402-v2", scheme: "exact", network: evm },
      payer.payers,
    );
    await expect(fetch("/boom", { headers })).rejects.toThrow("boom");
    expect((await recipient()) - before).toBe(1000n);
    const paid = await fetch("/data", {
      headers: await payHeaders(
        await fetch("/data"),
        { dialect: "x402-v2", scheme: "exact", network: evm },
        payer.payers,
      ),
    });
    expect(paid.status).toBe(200);
    expect(paid.headers.get("PAYMENT-RESPONSE")).toBeTruthy();
  });

  it("does not settle for a client that disconnected before the answer", async () => {
    const server = make();
    const before = await recipient();
    const fetch = serve(server);
    const headers = await payHeaders(
      await fetch("/data"),
      { dialect: "x402-v2", scheme: "exact", network: evm },
      payer.payers,
    );
    const gone = new AbortController();
    const request = new Request("http://localhost/data", { headers, signal: gone.signal });
    const response = await server.fetch(request, async () => {
      gone.abort(); // the client hangs up while the handler works
      return Response.json({ content: CONTENT });
    });
    expect(response.status).toBe(402);
    expect(await response.text()).not.toContain(CONTENT);
    expect(await recipient()).toBe(before);
  });

  it("emits an event for every step and never a credential, signature or secret", async () => {
    const events: PaymentEvent[] = [];
    const fetch = serve(make({ onEvent: (event) => events.push(event) }));
    const headers = await payHeaders(
      await fetch("/data"),
      { dialect: "payment-auth", scheme: "exact", network: evm },
      payer.payers,
    );
    expect((await fetch("/data", { headers })).status).toBe(200);
    expect((await fetch("/data", { headers })).status).toBe(402);
    await fetch("/data", { headers: { "PAYMENT-SIGNATURE": "garbage" } });
    const types = events.map((event) => event.type);
    for (const type of [
      "challenge",
      "credential",
      "verified",
      "handler",
      "settled",
      "replayed",
      "rejected",
    ]) {
      expect(types).toContain(type);
    }
    const logged = JSON.stringify(events, (_key, value) =>
      typeof value === "bigint" ? value.toString() : value,
    );
    const credential = (headers["Authorization"] as string).slice("Payment ".length);
    expect(logged).not.toContain(credential.slice(0, 40));
    expect(logged).not.toContain(SECRET_A);
    expect(logged).not.toMatch(/"signature"/);
  });

  it("verifies challenges issued under a rotated-out secret while it is still listed", async () => {
    const old = serve(make({ secret: SECRET_A }));
    const rotated = serve(make({ secret: [SECRET_B, SECRET_A] }));
    const dropped = serve(make({ secret: SECRET_B }));
    const pick = { dialect: "payment-auth", scheme: "exact", network: evm } as const;
    const first = await payHeaders(await old("/data"), pick, payer.payers);
    expect((await rotated("/data", { headers: first })).status).toBe(200);
    const second = await payHeaders(await old("/data"), pick, payer.payers);
    const refused = await dropped("/data", { headers: second });
    expect(refused.status).toBe(402);
    expect(((await refused.json()) as { type: string }).type).toBe(
      `${PAYMENT_PROBLEM_BASE}invalid-challenge`,
    );
  });

  it("fails closed with 503 and no content when the store is unreachable", async () => {
    const broken: PaymentStore = {
      ...memoryStore(),
      claim: () => Promise.reject(new Error("connection refused")),
    };
    const events: PaymentEvent[] = [];
    const fetch = serve(make({ store: broken, onEvent: (event) => events.push(event) }));
    const before = await recipient();
    const headers = await payHeaders(
      await fetch("/data"),
      { dialect: "x402-v2", scheme: "exact", network: evm },
      payer.payers,
    );
    const response = await fetch("/data", { headers });
    expect(response.status).toBe(503);
    expect(await response.text()).not.toContain(CONTENT);
    expect(await recipient()).toBe(before);
    expect(events.some((event) => event.type === "error")).toBe(true);
  });

  it("refuses bad configuration with coded errors", async () => {
    expect(() => make({ secret: "short" })).toThrowError(
      expect.objectContaining({ code: "SECRET_TOO_WEAK" }),
    );
    expect(() => make({ challengeTtlSeconds: 0 })).toThrowError(
      expect.objectContaining({ code: "CONFIG_INVALID" }),
    );
    const noPayTo = createPaymentServer({ payees: local.payees, routes: ROUTES });
    await expect(noPayTo.ready()).rejects.toMatchObject({ code: "CONFIG_INVALID" });
    const response = await serve(noPayTo)("/data");
    expect(response.status).toBe(500);
    expect(response.headers.get("Content-Type")).toBe("application/problem+json");
    const unpriced = serve(make({ routes: { "GET /data": {} } }));
    expect((await unpriced("/data")).status).toBe(500);
  });
});

describe("zero-config server", () => {
  it("runs on the local chains with its own receiving wallets and charges SOL for a bare amount", async () => {
    const server = createPaymentServer({ routes: { "GET /data": { amount: "0.001" } } });
    try {
      const setup = (await server.ready()) as LocalPayments;
      expect(setup.networks.some((network) => network.startsWith("solana:"))).toBe(true);
      const wallet = await setup.createPayer();
      const solana = setup.solana?.caip2 as string;
      const fetch = serve(server);
      const challenge = await fetch("/data");
      expect(challenge.headers.get("Payment-Request")).toMatch(/amount="0\.001"/);
      const before = (await setup.balances(setup.payTo[solana as never] as string, solana)).native;
      const headers = await payHeaders(
        challenge,
        { dialect: "payment-request", scheme: "push", network: solana },
        wallet.payers,
      );
      expect((await fetch("/data", { headers })).status).toBe(200);
      expect((await setup.balances(setup.payTo[solana as never] as string, solana)).native - before).toBe(
        1_000_000n,
      );
    } finally {
      await server.close();
    }
  });
});
