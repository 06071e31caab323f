// One conformance suite for every server adapter, on the real local chains (anvil + the LiteSVM RPC): an app
// built by the adapter under test is paid in each dialect on each chain, and attacked with malformed,
// mismatched, expired and reused credentials, failing handlers and a settlement that fails.
import {
  type Dialect,
  decodePaymentReceipt,
  decodePaymentRequired,
  decodePaymentResponse,
  PAYMENT_PROBLEM_BASE,
} from "@paymux/core";
import type { PaymentServerOptions, RouteConfig, RoutesTable } from "@paymux/core/server";
import { type LocalPayer, type LocalPayments, startLocalPayments } from "@paymux/local";
import { createWalletClient, erc20Abi, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payHeaders } from "./pay.js";

/** A paid route of the test app: its price and what its handler does. */
export type TestRoute = {
  path: string;
  charge: RouteConfig;
  /** "ok" answers JSON, "throw" throws, "500" answers 500, "drain" empties the payer's EVM USDC first. */
  behaviour: "ok" | "throw" | "500" | "drain";
};

/** What an adapter gives the suite: an app serving the routes, reachable by `fetch(path)`. */
export type TestApp = {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
};

/** Builds an app with the adapter under test. `drain` is what a "drain" handler must run before answering. */
export type MakeTestApp = (parameters: {
  options: PaymentServerOptions;
  routes: readonly TestRoute[];
  table: RoutesTable;
  drain: () => Promise<void>;
  /** The running local chains, for apps that need more than payees (a facilitator service's keys and RPCs). */
  local: LocalPayments;
}) => Promise<TestApp>;

const ROUTES: TestRoute[] = [
  { path: "/usd", charge: { price: "$0.001", description: "cheap data" }, behaviour: "ok" },
  { path: "/sol", charge: { amount: "0.001" }, behaviour: "ok" },
  { path: "/expensive", charge: { price: "$0.01" }, behaviour: "ok" },
  { path: "/throws", charge: { price: "$0.001" }, behaviour: "throw" },
  { path: "/fails", charge: { price: "$0.001" }, behaviour: "500" },
  { path: "/drain", charge: { price: "$0.001" }, behaviour: "drain" },
];
/** Every way a paymux server is paid: dialect × chain × scheme, on the route that takes it. */
export const PAID_PATHS: readonly {
  dialect: Dialect;
  scheme: string;
  chain: "evm" | "solana";
  path: string;
}[] = [
  { dialect: "x402-v2", scheme: "exact", chain: "evm", path: "/usd" },
  { dialect: "x402-v1", scheme: "exact", chain: "evm", path: "/usd" },
  { dialect: "payment-auth", scheme: "exact", chain: "evm", path: "/usd" },
  { dialect: "payment-auth", scheme: "push", chain: "evm", path: "/usd" },
  { dialect: "x402-v2", scheme: "exact", chain: "solana", path: "/usd" },
  { dialect: "x402-v1", scheme: "exact", chain: "solana", path: "/usd" },
  { dialect: "payment-auth", scheme: "exact", chain: "solana", path: "/usd" },
  { dialect: "payment-auth", scheme: "push", chain: "solana", path: "/sol" },
  { dialect: "payment-request", scheme: "push", chain: "solana", path: "/sol" },
];

/** Body every successful handler returns; its absence proves no content leaked. */
export const CONTENT = "paid-content-7f3a";

/**
 * What a losing duplicate of one credential gets: 402 "already used", or 503 "retry with the same credential" when
 * it arrives while the winner's settlement is being sent (its payer may be the one re-sending). Never content.
 */
export const REFUSED_DUPLICATE: ReadonlySet<number> = new Set([402, 503]);

const problemType = async (response: Response) => ((await response.json()) as { type: string }).type;

/** Registers the conformance suite for one adapter. */
export function describeServerConformance(name: string, makeApp: MakeTestApp): void {
  describe(`server conformance: ${name}`, () => {
    let local: LocalPayments;
    let payer: LocalPayer;
    let app: TestApp;
    let evm: string;
    let solana: string;
    let skew = 0;

    beforeAll(async () => {
      local = await startLocalPayments();
      payer = await local.createPayer();
      evm = local.evm?.caip2 as string;
      solana = local.solana?.caip2 as string;
      const drain = async () => {
        const account = privateKeyToAccount(payer.evm?.privateKey as `0x${string}`);
        const wallet = createWalletClient({ account, transport: http(local.evm?.rpcUrl) });
        const token = local.evm?.usdc.address as `0x${string}`;
        const { usdc } = await local.balances(account.address, evm);
        const hash = await wallet.writeContract({
          chain: null,
          address: token,
          abi: erc20Abi,
          functionName: "transfer",
          args: ["0x000000000000000000000000000000000000dEaD", usdc],
        });
        await local.evm?.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
      };
      app = await makeApp({
        options: {
          payees: local.payees,
          payTo: local.payTo,
          networks: local.networks,
          assets: local.assets,
          secret: "conformance-secret-conformance-secret!",
          now: () => Date.now() + skew,
        },
        routes: ROUTES,
        table: { "GET /table/:id": { price: "$0.001" } },
        drain,
        local,
      });
    });
    afterAll(async () => {
      await app?.close();
      await local?.stop();
    });

    const recipientUsdc = async (network: string) =>
      (await local.balances(local.payTo[network as keyof typeof local.payTo] as string, network)).usdc;
    const recipientSol = async () =>
      (await local.balances(local.payTo[solana as keyof typeof local.payTo] as string, solana)).native;

    it("answers an unpaid request with 402 in every dialect", async () => {
      const response = await app.fetch("/usd");
      expect(response.status).toBe(402);
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      expect(response.headers.get("Access-Control-Expose-Headers")).toContain("PAYMENT-REQUIRED");
      const required = decodePaymentRequired(response.headers.get("PAYMENT-REQUIRED") as string);
      const networks = required.accepts.map((entry) => entry.network).sort();
      expect(networks).toEqual([evm, solana].sort());
      expect(required.accepts.every((entry) => entry.amount === "1000" && entry.scheme === "exact")).toBe(
        true,
      );
      const challenges = response.headers.get("WWW-Authenticate") as string;
      expect(challenges).toMatch(/Payment id="[\w-]{43}".*method="evm"/);
      expect(challenges).toMatch(/method="solana"/);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body["type"]).toBe(`${PAYMENT_PROBLEM_BASE}payment-required`);
      expect(body["x402Version"]).toBe(1);
      expect((body["accepts"] as unknown[]).length).toBe(2);
      const sol = await app.fetch("/sol");
      expect(sol.status).toBe(402);
      expect(sol.headers.get("Payment-Request")).toMatch(/^solana; amount="0\.001"/);
    });

    for (const paid of PAID_PATHS) {
      it(`pays ${paid.path} in ${paid.dialect} (${paid.scheme}) on ${paid.chain}: 200, receipt, funds moved`, async () => {
        const network = paid.chain === "evm" ? evm : solana;
        const sol = paid.path === "/sol";
        const before = sol ? await recipientSol() : await recipientUsdc(network);
        const challenge = await app.fetch(paid.path);
        const headers = await payHeaders(challenge, { ...paid, network }, payer.payers);
        const response = await app.fetch(paid.path, { headers });
        if (response.status !== 200) console.log(await response.clone().text());
        expect(response.status).toBe(200);
        expect(await response.text()).toContain(CONTENT);
        expect(response.headers.get("Cache-Control")).toBe("private");
        const after = sol ? await recipientSol() : await recipientUsdc(network);
        expect(after - before).toBe(sol ? 1_000_000n : 1000n);
        if (paid.dialect === "x402-v2") {
          const receipt = decodePaymentResponse(response.headers.get("PAYMENT-RESPONSE") as string);
          expect(receipt).toMatchObject({ success: true, network });
          expect(receipt.transaction.length).toBeGreaterThan(40);
        } else if (paid.dialect === "x402-v1") {
          expect(decodePaymentResponse(response.headers.get("X-PAYMENT-RESPONSE") as string).success).toBe(
            true,
          );
        } else if (paid.dialect === "payment-auth") {
          const receipt = decodePaymentReceipt(response.headers.get("Payment-Receipt") as string);
          expect(receipt.status).toBe("success");
          expect(receipt.reference.length).toBeGreaterThan(40);
        }
      });
    }

    it("charges a routes-table route, with its path parameter", async () => {
      const before = await recipientUsdc(evm);
      const challenge = await app.fetch("/table/42");
      expect(challenge.status).toBe(402);
      const headers = await payHeaders(
        challenge,
        { dialect: "x402-v2", scheme: "exact", network: evm },
        payer.payers,
      );
      const response = await app.fetch("/table/42", { headers });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("42");
      expect((await recipientUsdc(evm)) - before).toBe(1000n);
      expect((await app.fetch("/free")).status).toBe(200);
    });

    it("answers malformed credentials with 402, a fresh challenge and malformed-credential", async () => {
      for (const headers of [
        { "PAYMENT-SIGNATURE": "not base64 at all!" },
        { "X-PAYMENT": btoa("{}") },
        { Authorization: "Payment e30" },
        { "Payment-Receipt": "solana; signature=" },
      ]) {
        const response = await app.fetch("/usd", { headers });
        expect(response.status).toBe(402);
        expect(response.headers.get("PAYMENT-REQUIRED")).toBeTruthy();
        expect(await problemType(response)).toBe(`${PAYMENT_PROBLEM_BASE}malformed-credential`);
      }
    });

    it("refuses a credential made for a cheaper route (x402 and IETF) with invalid-challenge", async () => {
      const before = await recipientUsdc(evm);
      for (const dialect of ["x402-v2", "payment-auth"] as const) {
        const cheap = await app.fetch("/usd");
        const headers = await payHeaders(cheap, { dialect, scheme: "exact", network: evm }, payer.payers);
        const response = await app.fetch("/expensive", { headers });
        expect(response.status).toBe(402);
        expect(await problemType(response)).toBe(`${PAYMENT_PROBLEM_BASE}invalid-challenge`);
      }
      expect(await recipientUsdc(evm)).toBe(before);
    });

    it("refuses an expired IETF challenge with payment-expired", async () => {
      const challenge = await app.fetch("/usd");
      const headers = await payHeaders(
        challenge,
        { dialect: "payment-auth", scheme: "exact", network: evm },
        payer.payers,
      );
      skew = 301_000;
      try {
        const response = await app.fetch("/usd", { headers });
        expect(response.status).toBe(402);
        expect(await problemType(response)).toBe(`${PAYMENT_PROBLEM_BASE}payment-expired`);
        expect(response.headers.get("WWW-Authenticate")).toMatch(/Payment id=/);
      } finally {
        skew = 0;
      }
    });

    it("serves a credential once: reused sequentially, it gets a fresh 402 and moves no more funds", async () => {
      for (const network of [evm, solana]) {
        const before = await recipientUsdc(network);
        const challenge = await app.fetch("/usd");
        const headers = await payHeaders(
          challenge,
          { dialect: "x402-v2", scheme: "exact", network },
          payer.payers,
        );
        expect((await app.fetch("/usd", { headers })).status).toBe(200);
        const again = await app.fetch("/usd", { headers });
        expect(again.status).toBe(402);
        expect(await again.text()).not.toContain(CONTENT);
        expect((await recipientUsdc(network)) - before).toBe(1000n);
      }
    });

    it("lets exactly one of 50 concurrent requests with one credential through, with one transfer", async () => {
      const before = await recipientUsdc(evm);
      const challenge = await app.fetch("/usd");
      const headers = await payHeaders(
        challenge,
        { dialect: "x402-v2", scheme: "exact", network: evm },
        payer.payers,
      );
      const responses = await Promise.all(Array.from({ length: 50 }, () => app.fetch("/usd", { headers })));
      const bodies = await Promise.all(responses.map((response) => response.text()));
      expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
      expect(responses.filter((response) => REFUSED_DUPLICATE.has(response.status))).toHaveLength(49);
      expect(bodies.filter((body) => body.includes(CONTENT))).toHaveLength(1);
      expect((await recipientUsdc(evm)) - before).toBe(1000n);
    });

    it("does not charge a handler that throws or answers 500", async () => {
      for (const path of ["/throws", "/fails"]) {
        for (const network of [evm, solana]) {
          const before = await recipientUsdc(network);
          const challenge = await app.fetch(path);
          const headers = await payHeaders(
            challenge,
            { dialect: "x402-v2", scheme: "exact", network },
            payer.payers,
          );
          const response = await app.fetch(path, { headers });
          expect(response.status).toBe(500);
          expect(response.headers.get("PAYMENT-RESPONSE")).toBeNull();
          expect(await recipientUsdc(network)).toBe(before);
        }
      }
    });

    it("serves no content when settlement fails, and says so in the receipt", async () => {
      const before = await recipientUsdc(evm);
      const challenge = await app.fetch("/drain");
      const headers = await payHeaders(
        challenge,
        { dialect: "x402-v2", scheme: "exact", network: evm },
        payer.payers,
      );
      const response = await app.fetch("/drain", { headers });
      expect(response.status).toBe(402);
      const text = await response.text();
      expect(text).not.toContain(CONTENT);
      const receipt = decodePaymentResponse(response.headers.get("PAYMENT-RESPONSE") as string);
      expect(receipt.success).toBe(false);
      expect(receipt.errorReason).toBeTruthy();
      expect(JSON.parse(text).type).toBe(`${PAYMENT_PROBLEM_BASE}verification-failed`);
      expect(response.headers.get("PAYMENT-REQUIRED")).toBeTruthy();
      expect(await recipientUsdc(evm)).toBe(before);
    });
  });
}
