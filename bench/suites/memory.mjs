// 5. Server memory under load: RSS and heap of the Express server (child process, --expose-gc) at start, after
// 10,000 unpaid requests (402s) and after 1,000 paid requests (x402 v2 exact, half on each local chain).
// Heap figures follow two full collections; RSS is what the OS sees, collected or not.
import { paymentOf, wrapFetch } from "@paymux/client";
import autocannon from "autocannon";
import { startChains } from "../lib/chains.mjs";
import { startServer } from "../lib/child.mjs";
import { pool, round } from "../lib/stats.mjs";
import { QUICK, runSuite } from "../lib/suite.mjs";

const UNPAID = QUICK ? 1_000 : 10_000;
const PAID = QUICK ? 40 : 1_000;
const CONCURRENCY = 8;
const mb = (bytes) => round(bytes / 1024 / 1024, 1);

/** RSS as the load left it, then RSS and heap after full collections. */
async function snapshot(server) {
  const { memory: loaded } = await server.usage();
  const { memory: collected } = await server.gc();
  return {
    rssMb: mb(loaded.rss),
    rssAfterGcMb: mb(collected.rss),
    heapUsedAfterGcMb: mb(collected.heapUsed),
    externalAfterGcMb: mb(collected.external),
  };
}

await runSuite("memory", async (log) => {
  const chains = await startChains();
  try {
    const payer = await chains.local.createPayer({ usdc: "100", sol: "20" });
    const server = await startServer({ framework: "express", chains: chains.server });
    try {
      // One request of each kind first, so what is measured is growth under load, not first-use caches.
      const warm = await fetch(`${server.url}/paid`);
      await warm.arrayBuffer();
      const start = await snapshot(server);
      log(`start: ${JSON.stringify(start)}`);

      const unpaid = await autocannon({ url: `${server.url}/paid`, connections: 10, amount: UNPAID });
      const statuses = Object.keys(unpaid.statusCodeStats ?? {}).join(",");
      if (statuses !== "402") throw new Error(`unpaid requests answered ${statuses}`);
      const afterUnpaid = await snapshot(server);
      log(`after ${UNPAID} unpaid: ${JSON.stringify(afterUnpaid)}`);

      const networks = [chains.local.evm.caip2, chains.local.solana.caip2];
      const fetchers = networks.map((network) =>
        wrapFetch(globalThis.fetch, {
          payers: payer.payers,
          preferences: { dialects: ["x402-v2"], networks: [network], schemes: ["exact"] },
        }),
      );
      const before = (await server.usage()).counts.settled;
      const started = performance.now();
      await pool(PAID, CONCURRENCY, async (i) => {
        const response = await fetchers[i % 2](`${server.url}/paid`);
        await response.arrayBuffer();
        if (response.status !== 200 || !paymentOf(response))
          throw new Error(`paid request ${i}: ${response.status}`);
      });
      const paidSeconds = (performance.now() - started) / 1000;
      const settled = (await server.usage()).counts.settled - before;
      if (settled !== PAID) throw new Error(`${settled} of ${PAID} payments settled`);
      const afterPaid = await snapshot(server);
      log(`after ${PAID} paid (${round(PAID / paidSeconds, 1)}/s): ${JSON.stringify(afterPaid)}`);
      return {
        framework: "express",
        unpaid: UNPAID,
        paid: PAID,
        paidConcurrency: CONCURRENCY,
        paidPerSecond: round(PAID / paidSeconds, 1),
        start,
        afterUnpaid,
        afterPaid,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await chains.stop();
  }
});
