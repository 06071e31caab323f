// 1. The 402 path against the bare framework: an unpaid request to a paid route (402 in every dialect) next to
// the same framework's unmetered route (200), for Express and Hono, with autocannon on loopback. The server
// runs in a child process; bare and paid samples alternate within one run, so both see the same machine.
import autocannon from "autocannon";
import { startChains } from "../lib/chains.mjs";
import { cpuMicros, startServer } from "../lib/child.mjs";
import { median, round } from "../lib/stats.mjs";
import { QUICK, runSuite } from "../lib/suite.mjs";

const ROUNDS = QUICK ? 1 : 3;
const SECONDS = QUICK ? 1 : 3;
const CONNECTIONS = 10;

/** One autocannon sample of `path`, with the server's CPU time spent on it. */
async function sample(server, path, seconds) {
  const before = await server.usage();
  const result = await autocannon({
    url: `${server.url}${path}`,
    connections: CONNECTIONS,
    duration: seconds,
  });
  const after = await server.usage();
  const statuses = Object.entries(result.statusCodeStats ?? {});
  const total = statuses.reduce((sum, [, stat]) => sum + Number(stat.count), 0);
  return {
    status: statuses.map(([code]) => code).join(","),
    total,
    errors: result.errors,
    rps: total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuUsPerRequest: cpuMicros(before, after) / total,
  };
}

function aggregate(samples) {
  return {
    status: [...new Set(samples.map((s) => s.status))].join(","),
    requests: samples.reduce((sum, s) => sum + s.total, 0),
    errors: samples.reduce((sum, s) => sum + s.errors, 0),
    rps: round(median(samples.map((s) => s.rps)), 0),
    p50Ms: median(samples.map((s) => s.p50)),
    p99Ms: median(samples.map((s) => s.p99)),
    cpuUsPerRequest: round(median(samples.map((s) => s.cpuUsPerRequest)), 1),
    samples: samples.map((s) => round(s.rps, 0)),
  };
}

await runSuite("overhead", async (log) => {
  const chains = await startChains();
  try {
    const rows = [];
    for (const framework of ["express", "hono"]) {
      const server = await startServer({ framework, chains: chains.server });
      try {
        const paid = await fetch(`${server.url}/paid`);
        const bare = await fetch(`${server.url}/bare`);
        if (paid.status !== 402 || bare.status !== 200) {
          throw new Error(`${framework}: /paid answered ${paid.status}, /bare ${bare.status}`);
        }
        const bytes402 = (await paid.arrayBuffer()).byteLength + headerBytes(paid);
        const bytes200 = (await bare.arrayBuffer()).byteLength + headerBytes(bare);
        // Warm-up: JIT, the Solana payees' mint and token-account caches, keep-alive pools.
        await sample(server, "/bare", 1);
        await sample(server, "/paid", 1);
        const routes = ["bare", "static402", "paid"];
        const runs = Object.fromEntries(routes.map((route) => [route, []]));
        for (let round = 0; round < ROUNDS; round++) {
          // Rotate the order so no route always runs first (on a warmer, or more contended, machine).
          const order = routes.map((_, i) => routes[(i + round) % routes.length]);
          for (const route of order) runs[route].push(await sample(server, `/${route}`, SECONDS));
        }
        const row = {
          framework,
          bare: aggregate(runs.bare),
          static402: aggregate(runs.static402),
          paid: aggregate(runs.paid),
          bytes402,
          bytes200,
        };
        row.rpsRatio = round(row.paid.rps / row.bare.rps, 3);
        row.cpuRatio = round(row.paid.cpuUsPerRequest / row.bare.cpuUsPerRequest, 2);
        row.extraCpuUsPerRequest = round(row.paid.cpuUsPerRequest - row.bare.cpuUsPerRequest, 1);
        // Against the same 402 bytes served statically: paymux's own work, without the wire cost of a 402.
        row.rpsRatioStatic = round(row.paid.rps / row.static402.rps, 3);
        row.paymuxCpuUsPerRequest = round(row.paid.cpuUsPerRequest - row.static402.cpuUsPerRequest, 1);
        log(
          `${framework}: bare ${row.bare.rps} req/s ${row.bare.cpuUsPerRequest} µs, static 402 ${row.static402.rps} req/s ${row.static402.cpuUsPerRequest} µs, paymux 402 ${row.paid.rps} req/s ${row.paid.cpuUsPerRequest} µs → ${row.rpsRatio}× bare, ${row.rpsRatioStatic}× static`,
        );
        rows.push(row);
      } finally {
        await server.stop();
      }
    }
    return { connections: CONNECTIONS, rounds: ROUNDS, seconds: SECONDS, rows };
  } finally {
    await chains.stop();
  }
});

// What the response weighs on the wire, roughly: header names and values (the 402's challenges live there).
function headerBytes(response) {
  let bytes = 0;
  for (const [name, value] of response.headers) bytes += name.length + value.length + 4;
  return bytes;
}
