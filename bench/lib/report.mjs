// Renders the suites' JSON into bench/results.md: one table per figure, the targets, and the machine.
import { fixed, int, times } from "./stats.mjs";

const TARGET_402 = 0.9; // the 402 path within 10% of the bare framework (requests/s)
const TARGET_ROUNDTRIP = 1.2; // a paid round trip within 20% of its chain operations (p50)

const table = (head, rows) =>
  [
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
const mark = (ok) => (ok ? "✅" : "❌");

function overhead(s) {
  const rows = s.rows.map((r) => [
    r.framework,
    int(r.bare.rps),
    int(r.static402.rps),
    int(r.paid.rps),
    `${times(r.rpsRatio)} ${mark(r.rpsRatio >= TARGET_402)}`,
    times(r.rpsRatioStatic),
    fixed(r.bare.cpuUsPerRequest, 0),
    fixed(r.static402.cpuUsPerRequest, 0),
    fixed(r.paid.cpuUsPerRequest, 0),
    fixed(r.paymuxCpuUsPerRequest, 0),
    `${r.bare.p50Ms} / ${r.bare.p99Ms}`,
    `${r.paid.p50Ms} / ${r.paid.p99Ms}`,
  ]);
  return [
    "## 1. The 402 path against the bare framework",
    "",
    `autocannon, ${s.connections} connections, ${s.rounds} rounds of ${s.seconds} s per route, routes rotated within each round; the server alone in a child process. *static 402* replays a recorded paymux 402 (same ${int(s.rows[0]?.bytes402)} bytes of headers and body) from a plain handler: the cost of the 402's size, without paymux. CPU is the server process's user + system time per request.`,
    "",
    table(
      [
        "framework",
        "bare 200 req/s",
        "static 402 req/s",
        "paymux 402 req/s",
        "402 ÷ bare (target ≥ 0.90×)",
        "402 ÷ static 402",
        "CPU µs/req bare",
        "static 402",
        "paymux 402",
        "paymux's own µs/req",
        "bare p50/p99 ms",
        "402 p50/p99 ms",
      ],
      rows,
    ),
  ].join("\n");
}

function verify(s) {
  const rate = (m) => (m ? `${int(m.perSecond)} /s (${int(m.cpuUs)} µs CPU)` : "–");
  const rows = s.rows.map((r) => [
    r.name,
    rate(r.inclRpc),
    rate(r.pure),
    `${rate(r.floor)}: ${r.floor.name}`,
    times(r.pureOverFloorCpu),
    times(r.inclRpcOverFloorCpu),
  ]);
  return [
    "## 2. Verification throughput",
    "",
    "In process, one verification at a time, on one core (verifications/s and this process's CPU per verification). *incl. RPC* is what a server pays (EVM: `eth_call` simulation on anvil; Solana: `simulateTransaction` / `getTransaction` on the LiteSVM RPC, which runs in this same process, so its CPU counts here). *pure* is the scheme's own work: EVM with simulation off, Solana with the RPC's answers replayed from memory. The floor is the physical minimum of the same check; *in floors* is CPU per verification ÷ the floor's CPU (1.00× = nothing but the check itself). Floor, pure and incl. RPC are measured in alternation.",
    "",
    table(
      [
        "scheme",
        "verify incl. RPC",
        "verify, pure",
        "floor",
        "pure, in floors (CPU)",
        "incl. RPC, in floors (CPU)",
      ],
      rows,
    ),
  ].join("\n");
}

function roundtrip(s) {
  const rows = s.rows.map((r) => [
    r.dialect,
    r.scheme,
    r.chain === "evm" ? "EVM (anvil)" : "Solana (LiteSVM)",
    `${r.p50Ms} / ${r.p99Ms}`,
    `${r.challengeReadMs} / ${r.signedMs}`,
    `${r.verifyMs ?? "–"} / ${r.settleMs ?? "–"}`,
    `${r.chainOps}: ${r.chainOpsP50Ms} / ${r.chainOpsP99Ms}`,
    `${times(r.ratioP50)} ${mark(r.ratioP50 <= TARGET_ROUNDTRIP)}`,
    `+${fixed(r.extraP50Ms, 1)}`,
  ]);
  return [
    "## 3. Paid round trip",
    "",
    `\`wrapFetch\` against a paymux ${s.framework} server (child process) over loopback: GET → 402 → choose → sign → retry → verify → settle → 200. ${s.n} sequential paid requests per row after 2 warm-ups (p99 of ${s.n} is close to the maximum). Chain ops: the same payment's chain operations alone, same RPC endpoints, polling every ${s.pollingIntervalMs} ms (evmExact = sign EIP-3009 + transferWithAuthorization + receipt; evmPush = ERC-20 transfer + receipt; solanaExact = blockhash + TransferChecked signed by payer and fee payer + send + confirm; solanaPush = blockhash + SOL transfer + send + confirm). *402 read / signed*: mean ms into the request when the client had read the 402 and when it had signed; *verify / settle*: mean ms the server spent in each (core's events). *paymux adds*: paid p50 − chain ops p50, the part that does not grow with a slower chain.`,
    "",
    table(
      [
        "dialect",
        "scheme",
        "chain",
        "paid p50 / p99 ms",
        "402 read / signed at ms",
        "server verify / settle ms",
        "chain ops p50 / p99 ms",
        "p50 ÷ chain ops (target ≤ 1.20×)",
        "paymux adds (p50 ms)",
      ],
      rows,
    ),
  ].join("\n");
}

function size(s) {
  const rows = s.bundles.map((b) => [
    b.name,
    `${fixed(b.minifiedKb, 1)} KB`,
    `${fixed(b.gzipKb, 1)} KB`,
    b.budgetKb === undefined ? "–" : `${fixed(b.budgetKb, 1)} KB ${mark(b.withinBudget)}`,
  ]);
  return [
    "## 4. Client size",
    "",
    `A browser payer: \`wrapFetch\` + one chain's payer, from \`packages/client/scripts/bundle-size.mjs\` (${s.tool}).`,
    "",
    table(["bundle", "minified", "gzip", "gzip budget"], rows),
  ].join("\n");
}

function memory(s) {
  const row = (name, m) => [name, fixed(m.rssMb, 1), fixed(m.rssAfterGcMb, 1), fixed(m.heapUsedAfterGcMb, 1)];
  return [
    "## 5. Server memory",
    "",
    `The ${s.framework} server (child process, \`--expose-gc\`): RSS as the load left it, then RSS and heap after two full collections. Paid: x402 v2 exact, alternating EVM and Solana, ${s.paidConcurrency} at a time (${fixed(s.paidPerSecond, 1)} paid requests/s on this machine).`,
    "",
    table(
      ["when", "RSS MB", "RSS after GC MB", "heap used after GC MB"],
      [
        row("after start-up and one 402", s.start),
        row(`after ${int(s.unpaid)} unpaid (402)`, s.afterUnpaid),
        row(`after ${int(s.paid)} paid (200)`, s.afterPaid),
      ],
    ),
  ].join("\n");
}

function targets(results) {
  const lines = [];
  for (const r of results.overhead?.rows ?? []) {
    lines.push(
      `- ${mark(r.rpsRatio >= TARGET_402)} 402 path within 10% of bare ${r.framework}: ${times(r.rpsRatio)} of its requests/s (${times(r.rpsRatioStatic)} of a static 402 of the same size).`,
    );
  }
  const rt = results.roundtrip?.rows ?? [];
  if (rt.length > 0) {
    const met = rt.filter((r) => r.ratioP50 <= TARGET_ROUNDTRIP).length;
    lines.push(
      `- ${mark(met === rt.length)} paid round trip within 20% of the chain operations: ${met} of ${rt.length} paths (p50 ratios ${rt.map((r) => times(r.ratioP50)).join(", ")}).`,
    );
  }
  return ["## Targets", "", ...lines].join("\n");
}

/** The markdown of a complete run. */
export function renderMarkdown(machine, results, timing = {}) {
  const m = machine;
  const spent = Object.entries(timing)
    .map(([name, value]) => `${name.replace(/S$/, "")} ${value} s`)
    .join(", ");
  return [
    "# paymux benchmarks",
    "",
    `Measured ${m.date.slice(0, 10)} on ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}, commit ${m.commit}. Load average at start: ${m.loadAverage.join(" / ")} (the machine is shared: read ratios measured in the same run, not absolute figures). Regenerate with \`pnpm bench\`; see [README.md](README.md) for what each figure means.${spent ? ` This run: ${spent}.` : ""}`,
    "",
    targets(results),
    "",
    results.overhead ? overhead(results.overhead) : "",
    "",
    results.verify ? verify(results.verify) : "",
    "",
    results.roundtrip ? roundtrip(results.roundtrip) : "",
    "",
    results.size ? size(results.size) : "",
    "",
    results.memory ? memory(results.memory) : "",
    "",
  ].join("\n");
}
