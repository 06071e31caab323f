// 1,000 paid requests through one Express server on a real loopback socket, 20 at a time, on fresh local chains
// (a new anvil, automine, so the chain stays far below the ~1,000 blocks where anvil slows; the payees' viem
// clients poll receipts every 50 ms and the Solana payees every 20 ms, both set explicitly by @paymux/local):
// EVM exact (x402 v2 and IETF Payment), Solana exact (x402 v2) and Solana push (IETF and legacy Payment-Request).
// Every request gets its content exactly once, every payment settles exactly once (balances and distinct
// transactions), and nothing leaks: heap after a forced GC stays bounded, and the process's active handles
// return to where they were once everything is closed.
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type PaymuxFetch, paymentOf, wrapFetch } from "@paymux/client";
import { type Dialect, matchNetworkPattern, type SchemePayer } from "@paymux/core";
import { type LocalPayments, startLocalPayments } from "@paymux/local";
import { paymux } from "@paymux/server-express";
import express from "express";
import { afterAll, expect, it } from "vitest";

const TOTAL = 1_000;
const CONCURRENCY = 20;
const WARMUP = 60;
const PRICE = 1_000n; // "$0.001" in USDC's 6 decimals, on both chains
/**
 * Heap growth allowed over the run, after GC: 20 KB per request. Measured ≈ 11.5 MB, all of it accounted for by
 * heap snapshots: the in-process LiteSVM chain's transaction history (by design; its base58 addresses are kept as
 * cons-strings, ~2 MB), the memory store's 1-day records (~1,200, ~0.7 MB), and JIT code (~3.4 MB). Keeping one
 * request's Request/Response/headers/signals alive would exceed it.
 */
const HEAP_BOUND_BYTES = 20 * 1024 * 1024;
const PAYERS = 4;

/** What each request pays with: scheme, chain and dialect, in a repeating mix of 20. */
type Kind = { name: string; scheme: "exact" | "push"; chain: "evm" | "solana"; dialect?: Dialect };
const MIX: readonly Kind[] = [
  ...Array<Kind>(7).fill({ name: "evm-exact-x402v2", scheme: "exact", chain: "evm" }),
  ...Array<Kind>(2).fill({ name: "evm-exact-ietf", scheme: "exact", chain: "evm", dialect: "payment-auth" }),
  ...Array<Kind>(9).fill({ name: "sol-exact-x402v2", scheme: "exact", chain: "solana" }),
  { name: "sol-push-ietf", scheme: "push", chain: "solana", dialect: "payment-auth" },
  { name: "sol-push-legacy", scheme: "push", chain: "solana", dialect: "payment-request" },
];

// A forced GC without a CLI flag, so this file needs no special vitest configuration of its own.
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

// FinalizationRegistry callbacks (undici registers every Request's signal) run in a task after the GC that
// found their targets dead: collect, let them run, collect what they released.
async function heapAfterGc(gc: () => void): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  gc();
  return process.memoryUsage().heapUsed;
}

function resourceCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** Resource types of which more are open now than in `baseline`. */
function excess(baseline: Map<string, number>): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const [type, count] of resourceCounts()) {
    const over = count - (baseline.get(type) ?? 0);
    if (over > 0) extra[type] = over;
  }
  return extra;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let cleanup: (() => Promise<void>) | undefined;

afterAll(async () => {
  // Only when the test failed half-way: it closes everything itself otherwise.
  await cleanup?.();
});

it(`${TOTAL} paid requests, ${CONCURRENCY} at a time: content once, settled once, no leak`, async () => {
  const gc = collector();
  const baseline = resourceCounts();
  const local: LocalPayments = await startLocalPayments();
  let server: ReturnType<express.Express["listen"]> | undefined;
  let pay: ReturnType<typeof paymux> | undefined;
  cleanup = async () => {
    cleanup = undefined;
    server?.closeAllConnections();
    if (server) await new Promise((resolve) => server?.close(resolve));
    await pay?.close();
    await local.stop();
  };
  const evm = local.evm?.caip2 as string;
  const solana = local.solana?.caip2 as string;

  const settled: string[] = [];
  let handled = 0;
  pay = paymux({
    payees: local.payees,
    payTo: local.payTo,
    networks: local.networks,
    assets: local.assets,
    onEvent: (event) => {
      if (event.type === "settled") settled.push(event.receipt.transaction);
    },
  });
  const app = express();
  app.get("/item/:n", pay.charge({ price: "$0.001" }), (req, res) => {
    handled++;
    res.json({ n: Number(req.params["n"]), id: randomUUID() });
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server?.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // A few funded wallets, each with one client per kind of payment (a client pays only what its payers can).
  const wallets = await Promise.all(
    Array.from({ length: PAYERS }, () => local.createPayer({ usdc: "20", sol: "1", eth: "1" })),
  );
  const clients = wallets.map((wallet) =>
    MIX.map((kind) => clientFor(kind, wallet.payers, kind.chain === "evm" ? evm : solana)),
  );
  const recipient = async (network: string) =>
    (await local.balances((local.payTo as Record<string, string>)[network] as string, network)).usdc;

  const seenIds = new Set<string>();
  const paidOn = { evm: 0n, solana: 0n };
  const kinds = new Map<string, number>();
  let next = 0;
  /** Requests `count` paid items, CONCURRENCY at a time; every answer must be a fresh, paid 200. */
  async function run(count: number): Promise<void> {
    const end = next + count;
    const worker = async () => {
      for (let n = next++; n < end; n = next++) {
        const kind = MIX[n % MIX.length] as Kind;
        const client = clients[n % PAYERS]?.[n % MIX.length] as PaymuxFetch;
        const response = await client(`${base}/item/${n}`);
        const body = (await response.json()) as { n?: number; id?: string };
        const payment = paymentOf(response);
        expect(response.status, `request ${n} (${kind.name})`).toBe(200);
        expect(body.n).toBe(n);
        expect(seenIds.has(body.id as string)).toBe(false);
        seenIds.add(body.id as string);
        expect(payment?.offer.scheme).toBe(kind.scheme);
        paidOn[kind.chain] += PRICE;
        kinds.set(kind.name, (kinds.get(kind.name) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    next = end;
  }

  await run(WARMUP);
  const heapBefore = await heapAfterGc(gc);
  const before = { evm: await recipient(evm), solana: await recipient(solana), settled: settled.length };
  const paidBefore = { ...paidOn };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await run(TOTAL);
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const heapAfter = await heapAfterGc(gc);

  // Content exactly once per request, a settlement per request, all distinct, and money moved exactly once.
  expect(handled).toBe(WARMUP + TOTAL);
  expect(seenIds.size).toBe(WARMUP + TOTAL);
  const runSettled = settled.slice(before.settled);
  expect(runSettled).toHaveLength(TOTAL);
  expect(new Set(runSettled).size).toBe(TOTAL);
  expect(new Set(settled).size).toBe(WARMUP + TOTAL);
  expect((await recipient(evm)) - before.evm).toBe(paidOn.evm - paidBefore.evm);
  expect((await recipient(solana)) - before.solana).toBe(paidOn.solana - paidBefore.solana);
  expect(heapAfter - heapBefore).toBeLessThan(HEAP_BOUND_BYTES);

  await cleanup();
  // Sockets and timers wind down asynchronously (keep-alive pools, child-process pipes): give them a moment.
  let left = excess(baseline);
  for (let i = 0; i < 40 && Object.keys(left).length > 0; i++) {
    await sleep(50);
    left = excess(baseline);
  }
  console.info(
    `load: ${TOTAL} paid requests (after ${WARMUP} warm-up), concurrency ${CONCURRENCY}, ` +
      `${(elapsedMs / 1000).toFixed(1)} s, ${((TOTAL * 1000) / elapsedMs).toFixed(0)} req/s, ` +
      `CPU of this process ${((cpu.user + cpu.system) / 1000 / TOTAL).toFixed(1)} ms/request; ` +
      `heap after GC ${(heapBefore / 2 ** 20).toFixed(1)} MB → ${(heapAfter / 2 ** 20).toFixed(1)} MB; ` +
      `mix ${JSON.stringify(Object.fromEntries(kinds))}; handles left after close ${JSON.stringify(left)}`,
  );
  expect(left).toEqual({});
});

/** A paying fetch limited to one kind of payment: only that scheme's payer on that network, that dialect first. */
function clientFor(kind: Kind, payers: readonly SchemePayer[], network: string): PaymuxFetch {
  const chosen = payers.filter(
    (payer) =>
      payer.scheme === kind.scheme &&
      payer.networks.some((pattern) => matchNetworkPattern(pattern, network) >= 0),
  );
  return wrapFetch((request) => fetch(request), {
    payers: chosen,
    preferences: { networks: [network], ...(kind.dialect ? { dialects: [kind.dialect] } : {}) },
  });
}
