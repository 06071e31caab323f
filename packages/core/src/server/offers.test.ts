import { afterEach, describe, expect, it, vi } from "vitest";
import type { Offer } from "../model.js";
import { BASE_SEPOLIA } from "../networks/index.js";
import { createSchemeRegistry, type SchemePayee } from "../scheme/index.js";
import { createRouteOffers, STATIC_OFFERS_TTL_MS } from "./offers.js";
import type { ResolvedServerConfig, RouteConfig } from "./types.js";

const USDC = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
const PAY_TO = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C";

/** A payee that prices "$x" as x × 10^6 units of USDC and counts how often it is asked. */
function countingPayee() {
  const payee = {
    scheme: "exact",
    networks: [BASE_SEPOLIA],
    calls: 0,
    fail: false as boolean,
    createOffer({ price, payTo, network }): Offer {
      payee.calls++;
      if (payee.fail) throw new Error("the chain could not be read");
      const dollars = Number(String(price).slice(1));
      return {
        scheme: "exact",
        network,
        asset: USDC,
        amount: BigInt(Math.round(dollars * 1e6)),
        payTo,
        maxTimeoutSeconds: 60,
        extra: { name: "USDC", version: "2" },
      };
    },
  } satisfies Omit<SchemePayee, "replayKeys" | "verify" | "settle"> & { calls: number; fail: boolean };
  return payee;
}

function setup() {
  const payee = countingPayee();
  const asPayee = payee as unknown as SchemePayee;
  const config: ResolvedServerConfig = {
    payees: [asPayee],
    payTo: PAY_TO,
    networks: [BASE_SEPOLIA],
    assets: [],
  };
  const registry = createSchemeRegistry([asPayee]);
  const context = { request: new Request("https://api.test/data"), params: {} };
  const offers = (route: RouteConfig, c = config) => createRouteOffers(c, registry, route, context, "SOL");
  return { payee, config, offers };
}

describe("createRouteOffers", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("prices a static route once and shares the frozen offers", async () => {
    const { payee, offers } = setup();
    const route = { price: "$0.01" };
    const first = await offers(route);
    const second = await offers(route);
    expect(second).toBe(first);
    expect(payee.calls).toBe(1);
    expect(first[0]?.amount).toBe(10_000n);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first[0])).toBe(true);
  });

  it("prices a route with a price function on every request", async () => {
    const { payee, offers } = setup();
    const route: RouteConfig = { price: () => "$0.01" };
    await offers(route);
    await offers(route);
    expect(payee.calls).toBe(2);
    const accepts: RouteConfig = { accepts: [{ price: () => "$0.02", network: BASE_SEPOLIA }] };
    await offers(accepts);
    await offers(accepts);
    expect(payee.calls).toBe(4);
  });

  it("prices afresh when the route or its config changes in place", async () => {
    const { payee, config, offers } = setup();
    const route: RouteConfig = { price: "$0.01" };
    await offers(route);
    route.price = "$0.02";
    expect((await offers(route))[0]?.amount).toBe(20_000n);
    const other = { ...config, payTo: "0x000000000000000000000000000000000000dEaD" };
    expect((await offers(route, other))[0]?.payTo).toBe(other.payTo);
    expect(payee.calls).toBe(3);
  });

  it("never reuses a failure", async () => {
    const { payee, offers } = setup();
    const route = { price: "$0.01" };
    payee.fail = true;
    await expect(offers(route)).rejects.toThrow("could not be read");
    payee.fail = false;
    expect((await offers(route))[0]?.amount).toBe(10_000n);
  });

  it("asks the payees again once the offers are older than the TTL", async () => {
    vi.useFakeTimers();
    const { payee, offers } = setup();
    const route = { price: "$0.01" };
    const first = await offers(route);
    vi.advanceTimersByTime(STATIC_OFFERS_TTL_MS + 1);
    const second = await offers(route);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(payee.calls).toBe(2);
  });
});
