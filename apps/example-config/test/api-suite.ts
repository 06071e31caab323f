// What both example APIs (Express and Hono) must do on the real local chains: 402 unpaid, 200 paid by wrapFetch,
// the POST priced by its text. Each app's test only says how to serve it.

import { paymentOf, wrapFetch } from "@paymux/client";
import type { PaymentServerOptions } from "@paymux/core/server";
import { type LocalPayments, startLocalPayments } from "@paymux/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summarizePrice } from "../src/pricing.js";

/** A served example app: its base URL, and how to stop it (server and payment server). */
export type ServedApi = { base: string; close(): Promise<void> };

/** Runs the example API suite against the app `serve` starts over the given payment server options. */
export function describeExampleApi(
  name: string,
  serve: (options: PaymentServerOptions) => Promise<ServedApi>,
) {
  let local: LocalPayments;
  let served: ServedApi | undefined;
  let base: string;
  let paid: typeof fetch;

  beforeAll(async () => {
    local = await startLocalPayments();
    const payer = await local.createPayer();
    served = await serve({
      payees: local.payees,
      payTo: local.payTo,
      networks: local.networks,
      assets: local.assets,
    });
    base = served.base;
    paid = wrapFetch(fetch, { payers: payer.payers, assets: local.assets });
  });
  afterAll(async () => {
    await served?.close();
    await local?.stop();
  });

  const summarize = (text: string, f: typeof fetch = fetch) =>
    f(`${base}/api/summarize`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text }),
    });

  describe(name, () => {
    it("answers 402 to unpaid requests on every route", async () => {
      for (const response of [
        await fetch(`${base}/api/weather`),
        await fetch(`${base}/api/joke`),
        await summarize("hello"),
      ]) {
        expect(response.status).toBe(402);
      }
    });

    it("serves GET /api/weather for $0.001 and GET /api/joke for 0.001 SOL", async () => {
      const weather = await paid(`${base}/api/weather`);
      expect(weather.status).toBe(200);
      expect(await weather.json()).toMatchObject({ forecast: "sunny" });
      expect(paymentOf(weather)?.offer.amount).toBe(1000n);
      expect(paymentOf(weather)?.receipt?.success).toBe(true);
      const joke = await paid(`${base}/api/joke`);
      expect(joke.status).toBe(200);
      expect(paymentOf(joke)?.offer.asset).toBe("sol");
      expect(paymentOf(joke)?.offer.amount).toBe(1_000_000n);
    });

    it("prices POST /api/summarize by the length of the text", async () => {
      const short = await summarize("a".repeat(500), paid);
      const long = await summarize("b".repeat(2_500), paid);
      expect([short.status, long.status]).toEqual([200, 200]);
      expect(await long.json()).toMatchObject({ characters: 2_500 });
      const [a, b] = [paymentOf(short)?.offer, paymentOf(long)?.offer];
      expect(a?.asset).toBe(b?.asset);
      expect(a?.amount).toBe(1000n);
      expect(b?.amount).toBe(3000n);
      expect(paymentOf(long)?.receipt?.success).toBe(true);
    });

    it("summarizePrice: $0.001 per started 1,000 characters", () => {
      expect([
        summarizePrice(""),
        summarizePrice("x".repeat(1000)),
        summarizePrice("x".repeat(1001)),
      ]).toEqual(["$0.001", "$0.001", "$0.002"]);
      expect(summarizePrice(undefined)).toBe("$0.001");
    });
  });
}
