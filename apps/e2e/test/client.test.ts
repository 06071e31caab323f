// @paymux/client against a paymux server (Hono, in process) on the real local chains: every dialect on each
// chain, receipts, policy refusals that never sign, budgets under concurrency, hostile 402s, axios.
import { type ClientEvent, createBudget, paymentOf, wrapFetch } from "@paymux/client";
import { axiosPaymentOf, createPaymuxAxios } from "@paymux/client/axios";
import { encodePaymentRequired, isPaymuxError, type SchemePayer } from "@paymux/core";
import { type LocalPayer, type LocalPayments, startLocalPayments } from "@paymux/local";
import { paymux } from "@paymux/server-hono";
import axios from "axios";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAID_PATHS } from "./conformance.js";

const CONTENT = "client-paid-content-5d2";
let local: LocalPayments;
let payer: LocalPayer;
let app: Hono;
let close: () => Promise<void>;
let evm: string;
let solana: string;

beforeAll(async () => {
  local = await startLocalPayments();
  payer = await local.createPayer();
  evm = local.evm?.caip2 as string;
  solana = local.solana?.caip2 as string;
  const pay = paymux({
    payees: local.payees,
    payTo: local.payTo,
    networks: local.networks,
    assets: local.assets,
  });
  app = new Hono();
  app.get("/usd", pay.charge({ price: "$0.001" }), (c) => c.json({ content: CONTENT }));
  app.get("/sol", pay.charge({ amount: "0.001" }), (c) => c.json({ content: CONTENT }));
  close = () => pay.close();
});
afterAll(async () => {
  await close?.();
  await local?.stop();
});

const serverFetch = (request: Request) => Promise.resolve(app.fetch(request));
const url = (path: string) => `http://localhost${path}`;
const recipientUsdc = async (network: string) =>
  (await local.balances(local.payTo[network as never] as string, network)).usdc;

/** Wraps real payers so a test can see whether anything was signed. */
function counting(payers: readonly SchemePayer[]) {
  const calls = { count: 0 };
  const wrapped = payers.map((inner) => ({
    ...inner,
    scheme: inner.scheme,
    networks: inner.networks,
    createPayload: (...args: Parameters<SchemePayer["createPayload"]>) => {
      calls.count++;
      return inner.createPayload(...args);
    },
  }));
  return { payers: wrapped, calls };
}

describe("wrapFetch pays every dialect on each chain", () => {
  for (const paid of PAID_PATHS) {
    it(`${paid.dialect} ${paid.scheme} on ${paid.chain}`, async () => {
      const network = paid.chain === "evm" ? evm : solana;
      const events: ClientEvent[] = [];
      const fetch = wrapFetch(serverFetch, {
        payers: payer.payers,
        preferences: { dialects: [paid.dialect], networks: [network], schemes: [paid.scheme] },
        onEvent: (event) => events.push(event),
      });
      const response = await fetch(url(paid.path));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(CONTENT);
      const info = paymentOf(response);
      expect(info?.offer).toMatchObject({ dialect: paid.dialect, scheme: paid.scheme, network });
      expect(info?.receipt?.success).toBe(true);
      expect(info?.receipt?.transaction.length).toBeGreaterThan(40);
      expect(events.map((event) => event.type)).toEqual([
        "challenge",
        "selected",
        "signed",
        "sent",
        "settled",
      ]);
    });
  }

  it("prefers x402 v2 by default and pays once per request", async () => {
    const before = await recipientUsdc(evm);
    const { payers, calls } = counting(payer.payers);
    const fetch = wrapFetch(serverFetch, { payers, preferences: { networks: [evm] } });
    const response = await fetch(url("/usd"));
    expect(paymentOf(response)?.offer.dialect).toBe("x402-v2");
    expect(calls.count).toBe(1);
    expect((await recipientUsdc(evm)) - before).toBe(1000n);
  });

  it("quotes without signing", async () => {
    const { payers, calls } = counting(payer.payers);
    const quote = await wrapFetch(serverFetch, { payers }).quote(url("/usd"));
    expect(quote.required).toBe(true);
    expect(quote.selected).toMatchObject({ amount: 1000n, dialect: "x402-v2" });
    expect(quote.offers.length).toBeGreaterThan(4);
    expect(calls.count).toBe(0);
  });
});

describe("policy: a refusal never signs", () => {
  const refused = async (options: Parameters<typeof wrapFetch>[1], code: string, rule: string) => {
    const before = [await recipientUsdc(evm), await recipientUsdc(solana)];
    const { payers, calls } = counting(payer.payers);
    const events: ClientEvent[] = [];
    const fetch = wrapFetch(serverFetch, { ...options, payers, onEvent: (event) => events.push(event) });
    const error = await fetch(url("/usd")).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isPaymuxError(error)).toBe(true);
    expect(error).toMatchObject({ code, context: expect.objectContaining({ rule }) });
    expect(calls.count).toBe(0);
    expect(events.at(-1)).toMatchObject({ type: "refused", code });
    expect([await recipientUsdc(evm), await recipientUsdc(solana)]).toEqual(before);
  };

  it("over the per-payment maximum", () =>
    refused(
      { payers: [], policy: { maxPerPayment: "$0.0005" }, assets: local.assets },
      "AMOUNT_EXCEEDS_POLICY",
      "maxPerPayment",
    ));
  it("network not allowed", () =>
    refused(
      { payers: [], policy: { allowedNetworks: ["eip155:8453"] } },
      "POLICY_REJECTED",
      "allowedNetworks",
    ));
  it("recipient not allowed", () =>
    refused(
      { payers: [], policy: { allowedRecipients: ["0x000000000000000000000000000000000000dEaD"] } },
      "POLICY_REJECTED",
      "allowedRecipients",
    ));

  it("budget: 20 concurrent requests racing for the last part of a budget pay exactly what fits", async () => {
    const before = await recipientUsdc(evm);
    const { payers, calls } = counting(payer.payers);
    const budget = createBudget({ limit: "$0.007" });
    const fetch = wrapFetch(serverFetch, {
      payers,
      budgets: budget,
      assets: local.assets,
      preferences: { networks: [evm] },
    });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => fetch(url("/usd"))));
    const paid = results.filter((result) => result.status === "fulfilled");
    const refusals = results.filter((result) => result.status === "rejected");
    expect(paid).toHaveLength(7);
    expect(refusals.every((result) => isPaymuxError(result.reason, "BUDGET_EXHAUSTED"))).toBe(true);
    expect(calls.count).toBe(7);
    expect(budget.spent()).toBe(7000n * 10n ** 12n); // USD budgets count in 10^-18 dollars
    expect((await recipientUsdc(evm)) - before).toBe(7000n);
  });
});

describe("hostile 402s: a coded error and no payment", () => {
  const hostile = async (respond: (request: Request) => Response, code: string) => {
    const { payers, calls } = counting(payer.payers);
    const fetch = wrapFetch(async (request: Request) => respond(request), { payers });
    await expect(fetch(url("/x"))).rejects.toMatchObject({ code });
    expect(calls.count).toBe(0);
  };
  const required = (accepts: Record<string, unknown>[]) =>
    encodePaymentRequired({ x402Version: 2, resource: { url: url("/x") }, accepts } as never);
  const offer = (overrides: Record<string, unknown>) => ({
    scheme: "exact",
    network: evm,
    amount: "1000",
    asset: local.evm?.usdc.address,
    payTo: "0x000000000000000000000000000000000000dEaD",
    maxTimeoutSeconds: 60,
    extra: { name: "USDC", version: "2" },
    ...overrides,
  });

  it("garbage headers", () =>
    hostile(
      () =>
        new Response("{", {
          status: 402,
          headers: { "PAYMENT-REQUIRED": "%%%", "WWW-Authenticate": "Payment ,,,=" },
        }),
      "CHALLENGE_INVALID",
    ));
  it("no challenge at all", () =>
    hostile(() => new Response("pay me", { status: 402 }), "CHALLENGE_MISSING"));
  it("absurd amounts", () =>
    hostile(
      () =>
        new Response(null, {
          status: 402,
          headers: { "PAYMENT-REQUIRED": required([offer({ amount: (2n ** 70n).toString() })]) },
        }),
      "AMOUNT_OUT_OF_RANGE",
    ));
  it("unknown schemes only", () =>
    hostile(
      () =>
        new Response(null, {
          status: 402,
          headers: { "PAYMENT-REQUIRED": required([offer({ scheme: "upto" })]) },
        }),
      "SCHEME_UNSUPPORTED",
    ));

  it("a 402 after payment: no second payment, the receipt in the error", async () => {
    const { payers, calls } = counting(payer.payers);
    const events: ClientEvent[] = [];
    let first: Response | undefined;
    const fetch = wrapFetch(
      async (request: Request) => {
        // The real server's challenge, then a refusal carrying a failure receipt, whatever was paid.
        first ??= await serverFetch(request);
        const headers = new Headers(first.headers);
        headers.set(
          "PAYMENT-RESPONSE",
          btoa(
            JSON.stringify({
              success: false,
              errorReason: "insufficient_funds",
              transaction: "",
              network: evm,
            }),
          ),
        );
        return new Response(null, { status: 402, headers });
      },
      { payers, preferences: { networks: [evm] }, onEvent: (event) => events.push(event) },
    );
    const error = await fetch(url("/usd")).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: "SETTLEMENT_FAILED",
      context: expect.objectContaining({ reason: "insufficient_funds" }),
    });
    expect(calls.count).toBe(1);
    expect(events.at(-1)).toMatchObject({ type: "failed", receipt: { success: false } });
  });
});

describe("axios adapter", () => {
  it("pays through axios and exposes the payment", async () => {
    const client = createPaymuxAxios(axios, {
      payers: payer.payers,
      fetch: serverFetch,
      preferences: { networks: [solana] },
    });
    const response = await client.get(url("/usd"));
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({ content: CONTENT });
    expect(axiosPaymentOf(response)?.offer.network).toBe(solana);
  });

  it("rejects a refusal with the PaymuxError as cause, unsigned", async () => {
    const { payers, calls } = counting(payer.payers);
    const client = createPaymuxAxios(axios, {
      payers,
      fetch: serverFetch,
      policy: { allowedNetworks: ["eip155:1"] },
    });
    const error: unknown = await client.get(url("/usd")).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isPaymuxError((error as { cause?: unknown }).cause, "POLICY_REJECTED")).toBe(true);
    expect(calls.count).toBe(0);
  });
});
