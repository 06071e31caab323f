// 3. A complete paid request, as an agent sees it: GET → 402 → choose → sign → retry → verify → settle → 200,
// with @paymux/client's wrapFetch against a paymux Express server (child process) over loopback, on each local
// chain and in each dialect — next to the chain operations of the same payment alone (lib/chain-ops.mjs).
import { paymentOf, wrapFetch } from "@paymux/client";
import { createChainOps } from "../lib/chain-ops.mjs";
import { startChains } from "../lib/chains.mjs";
import { startServer } from "../lib/child.mjs";
import { round, summarize } from "../lib/stats.mjs";
import { QUICK, runSuite } from "../lib/suite.mjs";

const N = QUICK ? 4 : 30;
const WARMUP = 2;

/** Every way a paymux server is paid (apps/e2e/test/conformance.ts PAID_PATHS), with its chain-op floor. */
const PATHS = [
  { dialect: "x402-v2", scheme: "exact", chain: "evm", path: "/paid", ops: "evmExact" },
  { dialect: "x402-v1", scheme: "exact", chain: "evm", path: "/paid", ops: "evmExact" },
  { dialect: "payment-auth", scheme: "exact", chain: "evm", path: "/paid", ops: "evmExact" },
  { dialect: "payment-auth", scheme: "push", chain: "evm", path: "/paid", ops: "evmPush" },
  { dialect: "x402-v2", scheme: "exact", chain: "solana", path: "/paid", ops: "solanaExact" },
  { dialect: "x402-v1", scheme: "exact", chain: "solana", path: "/paid", ops: "solanaExact" },
  { dialect: "payment-auth", scheme: "exact", chain: "solana", path: "/paid", ops: "solanaExact" },
  { dialect: "payment-auth", scheme: "push", chain: "solana", path: "/sol", ops: "solanaPush" },
  { dialect: "payment-request", scheme: "push", chain: "solana", path: "/sol", ops: "solanaPush" },
];
// What each route costs, atomic: $0.001 in 6-decimal USDC, 0.001 SOL in lamports.
const AMOUNT = { "/paid": 1000n, "/sol": 1_000_000n };

const ms = (value) => round(value, 1);

await runSuite("roundtrip", async (log) => {
  const chains = await startChains();
  try {
    const payer = await chains.local.createPayer({ usdc: "100", sol: "50" });
    const ops = await createChainOps(chains, payer);
    const server = await startServer({ framework: "express", chains: chains.server });
    const rows = [];
    try {
      const baselines = {};
      for (const [name, amount] of [
        ["evmExact", 1000n],
        ["evmPush", 1000n],
        ["solanaExact", 1000n],
        ["solanaPush", 1_000_000n],
      ]) {
        const samples = [];
        for (let i = 0; i < WARMUP + N; i++) {
          const started = performance.now();
          await ops[name](amount);
          if (i >= WARMUP) samples.push(performance.now() - started);
        }
        baselines[name] = summarize(samples);
      }
      for (const path of PATHS) {
        const network = chains.local[path.chain].caip2;
        // Client-side phases of the last request: when the 402 was read and when the payload was signed.
        let phases = {};
        const phaseSums = { challenge: 0, signed: 0 };
        const paidFetch = wrapFetch(globalThis.fetch, {
          payers: payer.payers,
          preferences: { dialects: [path.dialect], networks: [network], schemes: [path.scheme] },
          onEvent: (event) => {
            if (event.type === "challenge" || event.type === "signed") phases[event.type] = event.ms;
          },
        });
        const samples = [];
        for (let i = 0; i < WARMUP + N; i++) {
          // The warm-ups' server timings are dropped with them.
          if (i === WARMUP) await server.timings();
          phases = {};
          const started = performance.now();
          const response = await paidFetch(`${server.url}${path.path}`);
          await response.arrayBuffer();
          const elapsed = performance.now() - started;
          const paid = paymentOf(response);
          if (
            response.status !== 200 ||
            paid?.offer.dialect !== path.dialect ||
            paid.offer.scheme !== path.scheme
          ) {
            throw new Error(
              `${path.dialect} ${path.scheme} on ${path.chain}: ${response.status}, paid ${JSON.stringify(paid?.offer)}`,
            );
          }
          if (paid.offer.amount !== AMOUNT[path.path])
            throw new Error(`paid ${paid.offer.amount}, not ${AMOUNT[path.path]}`);
          if (i < WARMUP) continue;
          samples.push(elapsed);
          phaseSums.challenge += phases.challenge ?? 0;
          phaseSums.signed += phases.signed ?? 0;
        }
        const paid = summarize(samples);
        const onServer = await server.timings();
        const floor = baselines[path.ops];
        const row = {
          dialect: path.dialect,
          scheme: path.scheme,
          chain: path.chain,
          path: path.path,
          n: paid.n,
          p50Ms: ms(paid.p50),
          p99Ms: ms(paid.p99),
          meanMs: ms(paid.mean),
          // Mean time into the request when the 402 had been read, and when the payment had been signed.
          challengeReadMs: ms(phaseSums.challenge / paid.n),
          signedMs: ms(phaseSums.signed / paid.n),
          // Mean ms the server spent verifying and settling (core's events), inside the retry.
          verifyMs: ms(onServer.verifyMs),
          settleMs: ms(onServer.settleMs),
          chainOps: path.ops,
          chainOpsP50Ms: ms(floor.p50),
          chainOpsP99Ms: ms(floor.p99),
          ratioP50: round(paid.p50 / floor.p50, 2),
          // What paymux adds to the chain's own time, in ms: the figure that stays put on a slower real chain.
          extraP50Ms: ms(paid.p50 - floor.p50),
        };
        log(
          `${path.dialect} ${path.scheme} ${path.chain}: p50 ${row.p50Ms} ms vs chain ops ${row.chainOpsP50Ms} ms (${row.ratioP50}×)`,
        );
        rows.push(row);
      }
      const usage = await server.usage();
      return {
        framework: "express",
        n: N,
        pollingIntervalMs: chains.server.pollingIntervalMs,
        settled: usage.counts.settled,
        baselines: Object.fromEntries(
          Object.entries(baselines).map(([name, s]) => [
            name,
            { p50Ms: ms(s.p50), p99Ms: ms(s.p99), n: s.n },
          ]),
        ),
        rows,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await chains.stop();
  }
});
