#!/usr/bin/env node
// Profiles the benchmarked server's hot path: by default an unpaid request to a paid route (the 402) under
// autocannon load. The V8 profiler runs in the server child (the same sampler as `node --cpu-prof`, started
// after a warm-up so start-up is not in the profile). Prints the top functions by self and inclusive time and
// leaves the .cpuprofile in bench/.tmp/ for DevTools.
//   node bench/profile.mjs [express|hono] [path=/paid] [seconds=5]
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { startChains } from "./lib/chains.mjs";
import { startServer } from "./lib/child.mjs";
import { summarizeProfile } from "./lib/cpuprofile.mjs";

const [framework = "express", path = "/paid", seconds = "5"] = process.argv.slice(2);
const dir = fileURLToPath(new URL("./.tmp/", import.meta.url));
mkdirSync(dir, { recursive: true });
const file = `${dir}${framework}${path.replaceAll("/", "-")}.cpuprofile`;

const chains = await startChains();
try {
  const server = await startServer({ framework, chains: chains.server });
  try {
    const url = `${server.url}${path}`;
    await autocannon({ url, connections: 10, duration: 1 });
    await server.startProfile();
    await autocannon({ url, connections: 10, duration: Number(seconds) });
    await server.stopProfile(file);
  } finally {
    await server.stop();
  }
  const summary = summarizeProfile(file, Number(process.env.TOP ?? 30));
  console.log(`${framework} ${path}: ${summary.totalMs} ms of samples in ${file}\n`);
  for (const kind of ["self", "inclusive"]) {
    console.log(`top by ${kind} time`);
    for (const row of summary[kind]) console.log(`${String(row.share).padStart(6)}%  ${row.name}`);
    console.log("");
  }
} finally {
  await chains.stop();
}
