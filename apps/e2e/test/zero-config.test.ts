// The zero-config one-liners on both sides: a server created with no configuration (local chains, its own
// receiving wallets) and `paymuxFetch(url)` with no wallet set-up, over real HTTP.
import type { AddressInfo } from "node:net";
import { createZeroConfigFetch, paymentOf, paymuxFetch } from "@paymux/client";
import { encodePaymentRequired } from "@paymux/core";
import { runningLocalPayments } from "@paymux/local";
import { paymux } from "@paymux/server-express";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const pay = paymux();
  const app = express();
  app.get("/api/data", pay.charge({ amount: "0.001" }), (_req, res) => {
    res.json({ data: "zero-config-content" });
  });
  app.get("/api/report", pay.charge({ price: "$0.01" }), (_req, res) => {
    res.json({ data: "usd-content" });
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await pay.close();
  };
});
afterAll(() => close?.());

describe("zero config", () => {
  it("pays a zero-config server's SOL route with paymuxFetch(url)", async () => {
    const response = await paymuxFetch(`${base}/api/data`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: "zero-config-content" });
    const info = paymentOf(response);
    expect(info?.offer.network.startsWith("solana:")).toBe(true);
    expect(info?.offer.amount).toBe(1_000_000n);
    expect(info?.receipt?.success).toBe(true);
    expect(runningLocalPayments().length).toBeGreaterThan(0);
  });

  it("pays a USD route in test USDC, again without set-up", async () => {
    const response = await paymuxFetch(`${base}/api/report`);
    expect(response.status).toBe(200);
    expect(paymentOf(response)?.receipt?.success).toBe(true);
  });

  it("refuses a mainnet offer before signing anything", async () => {
    const required = encodePaymentRequired({
      x402Version: 2,
      resource: { url: "https://paid.example/x" },
      accepts: [
        {
          scheme: "exact",
          network: "eip155:8453",
          amount: "1000",
          asset: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
          payTo: "0x000000000000000000000000000000000000dEaD",
          maxTimeoutSeconds: 60,
          extra: { name: "USD Coin", version: "2" },
        },
      ],
    });
    const fetch = await createZeroConfigFetch({
      fetch: async () => new Response(null, { status: 402, headers: { "PAYMENT-REQUIRED": required } }),
    });
    await expect(fetch("https://paid.example/x")).rejects.toMatchObject({
      code: "POLICY_REJECTED",
      context: expect.objectContaining({ rule: "allowedNetworks" }),
    });
  });
});
