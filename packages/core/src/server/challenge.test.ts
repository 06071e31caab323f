import { describe, expect, it } from "vitest";
import { readPaymentChallenges } from "../dialects/payment-auth/challenge.js";
import type { Offer } from "../model.js";
import { BASE_SEPOLIA } from "../networks/index.js";
import { createChallengeResponse } from "./challenge.js";
import type { ServerDialect } from "./types.js";

const OFFER: Offer = {
  scheme: "exact",
  network: BASE_SEPOLIA,
  asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
  amount: 10_000n,
  payTo: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
  maxTimeoutSeconds: 60,
  extra: { name: "USDC", version: "2" },
};
const DIALECTS = new Set<ServerDialect>([
  "x402-v2",
  "x402-v1",
  "payment-auth",
  "payment-request",
  "x402-auth-hint",
]);

const respond = (offers: readonly Offer[], url = "https://api.test/data", now = 1_800_000_000_000) =>
  createChallengeResponse({
    offers,
    resource: { url },
    dialects: DIALECTS,
    secret: "challenge-test-secret-challenge-test-secret",
    realm: "api.test",
    ttlSeconds: 300,
    now,
    problem: { type: "payment-required", title: "Payment required" },
  });

const ietf = (response: Response) =>
  readPaymentChallenges(response.headers.get("WWW-Authenticate") ?? "").challenges[0];

describe("createChallengeResponse", () => {
  it("reuses a shared offer list's static parts but gives every 402 a fresh IETF challenge", async () => {
    const offers = Object.freeze([Object.freeze({ ...OFFER })]);
    const [a, b] = [await respond(offers), await respond(offers)];
    expect(b.headers.get("PAYMENT-REQUIRED")).toBe(a.headers.get("PAYMENT-REQUIRED"));
    expect(await b.clone().json()).toMatchObject({
      x402Version: 1,
      accepts: [{ maxAmountRequired: "10000" }],
    });
    const [first, second] = [ietf(a), ietf(b)];
    expect(first?.id).not.toBe(second?.id);
    expect(first?.opaque).not.toBe(second?.opaque);
    expect(first?.request).toBe(second?.request);
    expect((await a.json()).challengeId).toBe(first?.id);
  });

  it("keys the static parts by resource and keeps expiries current", async () => {
    const offers = Object.freeze([Object.freeze({ ...OFFER })]);
    const one = await respond(offers, "https://api.test/one");
    const two = await respond(offers, "https://api.test/two");
    expect(one.headers.get("PAYMENT-REQUIRED")).not.toBe(two.headers.get("PAYMENT-REQUIRED"));
    const later = await respond(offers, "https://api.test/one", 1_800_000_060_000);
    expect(ietf(later)?.expires).toBe("2027-01-15T08:06:00Z");
    expect(ietf(one)?.expires).toBe("2027-01-15T08:05:00Z");
  });

  it("answers the same for an unshared (mutable) offer list", async () => {
    const shared = await respond(Object.freeze([Object.freeze({ ...OFFER })]));
    const fresh = await respond([{ ...OFFER }]);
    expect(fresh.headers.get("PAYMENT-REQUIRED")).toBe(shared.headers.get("PAYMENT-REQUIRED"));
    expect(ietf(fresh)?.request).toBe(ietf(shared)?.request);
  });
});
