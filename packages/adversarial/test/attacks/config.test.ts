// Hostile or mistaken server configuration: prices at 2^256 and beyond, above u64 on Solana, negative,
// float, exponent, non-strings, dynamic prices that go wrong. A bad price must fail loudly (CONFIG_INVALID at
// start-up, or a 500 problem on the route), never become a 402 offering an amount a client would wrap.
import type { AtomicPrice, Price } from "@paymux/core";
import { createPaymentServer, type PaymentServer, type RouteConfig } from "@paymux/core/server";
import type { LocalPayments } from "@paymux/local";
import { beforeAll, describe, expect, it } from "vitest";
import { type Answer, CONTENT, tally, useArena } from "./harness.js";

const arena = useArena("config");
let local: LocalPayments;

beforeAll(() => {
  local = arena.local;
});

const TWO_256 = 1n << 256n;
const TWO_64 = 1n << 64n;

/** One server per route config, so each mistake is judged on its own. */
async function answer(route: RouteConfig, networks?: string[]): Promise<Answer> {
  const server: PaymentServer = createPaymentServer({
    payees: local.payees,
    payTo: local.payTo,
    networks: networks ?? local.networks,
    assets: local.assets,
    routes: { "GET /x": route },
  });
  let ran = false;
  const response = await server.fetch(new Request("http://paymux.test/x"), async () => {
    ran = true;
    return new Response(CONTENT);
  });
  expect(ran).toBe(false);
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/**
 * A 500 problem (no 402, no challenge headers, no offers) naming what went wrong; with `outage`, a 503 is right
 * too (a price function that throws is the seller's pricing backend failing, not paymux's configuration).
 */
function expectConfigFailure(result: Answer, outage = false): void {
  tally();
  if (outage && result.status === 503) {
    expect(result.headers.get("PAYMENT-REQUIRED")).toBeNull();
    expect(result.body).not.toContain(CONTENT);
    return;
  }
  expect(result.status, result.body.slice(0, 300)).toBe(500);
  expect(result.headers.get("PAYMENT-REQUIRED")).toBeNull();
  expect(result.headers.get("WWW-Authenticate")).toBeNull();
  expect(result.headers.get("Payment-Request")).toBeNull();
  expect(result.body).not.toContain(CONTENT);
  expect(JSON.parse(result.body)).toMatchObject({ status: 500, detail: expect.stringMatching(/^[A-Z_]+$/) });
}

describe("bad price strings: a 500 problem naming the error, never a 402", () => {
  const prices: unknown[] = [
    "$-0.001",
    "$0",
    "$0.0000001", // below one USDC unit
    "$1e-3",
    "$1E3",
    "$0x10",
    "$NaN",
    "$Infinity",
    "$",
    "$.",
    "$1.2.3",
    `$${"9".repeat(80)}`,
    "-1 USDC",
    "1e3 USDC",
    "0.0000000001 SOL",
    "1 SOL SOL",
    "$0.001\u0000",
    "$０.００１", // full-width digits
    "$٠٫٠٠١", // Arabic-Indic digits
    "",
    " ",
    0.001,
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    1n,
    null,
    [],
    {},
    { amount: "1000", asset: "x" },
    { amount: 1000, asset: "x" },
  ];
  for (const price of prices) {
    it(`price ${JSON.stringify(price, (_, v) => (typeof v === "bigint" ? `${v}n` : v))}`, async () => {
      expectConfigFailure(await answer({ price: price as Price }));
    });
  }
});

describe("bad `amount` strings (the server's default currency)", () => {
  for (const amount of [
    "-0.001",
    "1e-3",
    "0x1",
    "0.0000000001",
    "",
    "NaN",
    "0",
    `${"9".repeat(90)}`,
    "1,5",
  ]) {
    it(`amount ${JSON.stringify(amount)}`, async () => {
      expectConfigFailure(await answer({ amount }));
    });
  }
});

describe("atomic prices beyond what the chain can carry", () => {
  const usdc = () => local.evm?.usdc.address as string;
  const mint = () => local.solana?.usdc.address as string;
  const cases: [string, () => AtomicPrice, string][] = [
    ["2^256 on EVM", () => ({ amount: TWO_256, asset: usdc() }), "evm"],
    ["2^256 + 1000 on EVM (wraps to 1000)", () => ({ amount: TWO_256 + 1000n, asset: usdc() }), "evm"],
    ["2^512 on EVM", () => ({ amount: TWO_256 * TWO_256, asset: usdc() }), "evm"],
    ["2^64 on Solana", () => ({ amount: TWO_64, asset: mint() }), "solana"],
    ["2^64 + 1000 on Solana (wraps to 1000)", () => ({ amount: TWO_64 + 1000n, asset: mint() }), "solana"],
    ["2^256 on Solana", () => ({ amount: TWO_256, asset: mint() }), "solana"],
    ["2^64 lamports of SOL", () => ({ amount: TWO_64, asset: "sol" }), "solana"],
    ["-1000 on EVM", () => ({ amount: -1000n, asset: usdc() }), "evm"],
    ["0 on Solana", () => ({ amount: 0n, asset: mint() }), "solana"],
  ];
  for (const [name, price, chain] of cases) {
    it(name, async () => {
      const network = chain === "evm" ? arena.evm : arena.solana;
      // Before the fix these were 402s offering 2^256 (+1000) and 2^64 (+1000): amounts a client that
      // encodes modulo the chain's integer width would sign as 0 or 1000.
      expectConfigFailure(await answer({ accepts: [{ price: price(), network }] }));
    });
  }
  it("a USD price too large for Solana's u64 but fine on EVM", async () => {
    expectConfigFailure(await answer({ price: "$100000000000000" }, [arena.solana]));
  });
});

describe("dynamic prices that go wrong at request time", () => {
  const bad: [string, NonNullable<RouteConfig["price"]>][] = [
    [
      "throws",
      () => {
        throw new Error("pricing backend down");
      },
    ],
    ["rejects", () => Promise.reject(new Error("pricing backend down"))],
    ["returns a number", () => 0.001 as unknown as Price],
    ["returns undefined", () => undefined as unknown as Price],
    ["returns 2^256 atomic", () => ({ amount: TWO_256 + 1000n, asset: local.evm?.usdc.address as string })],
    ["returns a negative USD string", () => "$-1"],
  ];
  for (const [name, price] of bad) {
    it(name, async () => {
      expectConfigFailure(await answer({ price }, [arena.evm]), name === "throws" || name === "rejects");
    });
  }
});

describe("bad server options: CONFIG_INVALID at construction", () => {
  const options: [string, Record<string, unknown>][] = [
    ["challengeTtlSeconds 0", { challengeTtlSeconds: 0 }],
    ["challengeTtlSeconds -1", { challengeTtlSeconds: -1 }],
    ["challengeTtlSeconds 1.5", { challengeTtlSeconds: 1.5 }],
    ["challengeTtlSeconds NaN", { challengeTtlSeconds: Number.NaN }],
    ["challengeTtlSeconds 2^60", { challengeTtlSeconds: 2 ** 60 }],
    ["a short secret", { secret: "short" }],
    ["no secret in a list", { secret: [] }],
  ];
  for (const [name, extra] of options) {
    it(name, () => {
      tally();
      expect(() => createPaymentServer({ payees: local.payees, payTo: local.payTo, ...extra })).toThrow(
        expect.objectContaining({ code: expect.stringMatching(/CONFIG_INVALID|SECRET_TOO_WEAK/) }),
      );
    });
  }
});
