#!/usr/bin/env node
// `pnpm bench` from a fresh clone: the pinned pnpm, a frozen install, a build of every package, then each suite
// in its own process group (so a hung or failed suite takes its servers, anvil and children down with it), and
// finally bench/results.md + bench/results.json. Measurements only: a target missed is reported, not failed.
//
//   node bench/run.mjs                  everything (writes results.* only when every suite ran in full)
//   node bench/run.mjs --no-install     build, but no install (node_modules already current)
//   node bench/run.mjs --skip-build     no install, no build (the packages' dist/ must be current)
//   node bench/run.mjs --only=overhead,size --quick   some suites, short samples, results in bench/.tmp/
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensurePnpm, env, root, run } from "../scripts/workspace.mjs";
import { describeMachine } from "./lib/machine.mjs";
import { renderMarkdown } from "./lib/report.mjs";

/** Suites in run order, each with the most it may take on a busy 2-core machine before it is stopped. */
const SUITES = [
  { name: "size", timeoutS: 90 },
  { name: "verify", timeoutS: 120 },
  { name: "overhead", timeoutS: 150 },
  { name: "roundtrip", timeoutS: 150 },
  { name: "memory", timeoutS: 240 },
];

const args = process.argv.slice(2);
const only = args
  .find((arg) => arg.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const quick = args.includes("--quick");
const skipBuild = args.includes("--skip-build");
const skipInstall = skipBuild || args.includes("--no-install");
const unknown = only?.filter((name) => !SUITES.some((suite) => suite.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(`✖ unknown suite(s): ${unknown.join(", ")} (have: ${SUITES.map((s) => s.name).join(", ")})`);
  process.exit(2);
}
const bench = join(root, "bench");
const tmp = join(bench, ".tmp");
const started = performance.now();
const seconds = (from) => Math.round((performance.now() - from) / 1000);
const timing = {};

// turbo runs each package's build through pnpm, so the pinned pnpm is needed for the build as well.
if (!skipBuild) ensurePnpm();
if (!skipInstall) {
  const from = performance.now();
  run("pnpm", ["install", "--frozen-lockfile"], "install (pnpm, pinned)");
  timing.installS = seconds(from);
}
if (!skipBuild) {
  const from = performance.now();
  // What the suites import, and what that imports (paymux-bench's workspace dependencies): the CLI, the
  // facilitator and the Redis store are not measured, so they are not built.
  run(
    join(root, "node_modules/.bin/turbo"),
    ["run", "build", "--filter=paymux-bench^...", "--output-logs=errors-only"],
    "build the benchmarked packages",
  );
  timing.buildS = seconds(from);
}
const suitesFrom = performance.now();

mkdirSync(tmp, { recursive: true });
const machine = describeMachine(root);
let current;
// Ctrl-C reaches only our own process group; the suite runs in another, so pass it on.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (current) killGroup(current, "SIGTERM");
    process.exit(130);
  });
}

const results = {};
const failed = [];
for (const suite of SUITES.filter((s) => !only || only.includes(s.name))) {
  console.log(`\n▶ bench: ${suite.name}`);
  const out = join(tmp, `${suite.name}.json`);
  rmSync(out, { force: true });
  const status = await runSuite(suite, out);
  if (status === 0) {
    results[suite.name] = JSON.parse(readFileSync(out, "utf8"));
    console.log(`✔ ${suite.name} (${Math.round(results[suite.name].ms / 1000)} s)`);
  } else {
    failed.push(suite.name);
    console.error(`✖ ${suite.name} failed (${status})`);
  }
}

timing.suitesS = seconds(suitesFrom);
timing.totalS = seconds(started);
const complete = !only && !quick && failed.length === 0;
const markdown = renderMarkdown(machine, results, timing);
const json = `${JSON.stringify({ machine, complete, quick, timing, results }, null, 2)}\n`;
// Only a full run may replace the committed results: a partial or quick one goes to bench/.tmp/.
const target = complete ? bench : tmp;
writeFileSync(join(target, "results.md"), markdown);
writeFileSync(join(target, "results.json"), json);
console.log(`\n${markdown}`);
const spent = Object.entries(timing).map(([name, value]) => `${name.replace(/S$/, "")} ${value} s`);
console.log(
  `${complete ? "✔" : "⚠"} results in ${join(target, "results.md")} (${spent.join(", ")})${failed.length ? `; failed: ${failed.join(", ")}` : ""}`,
);
// Measurements, not tests: a missed target is in the report; only a suite that could not run is an error.
process.exit(failed.length === 0 ? 0 : 1);

/** Runs one suite as a process-group leader; resolves with its exit status ("timeout" when stopped). */
function runSuite(suite, out) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(bench, "suites", `${suite.name}.mjs`)], {
      cwd: root,
      env: { ...env, BENCH_OUT: out, ...(quick ? { BENCH_QUICK: "1" } : {}) },
      stdio: ["ignore", "inherit", "inherit"],
      detached: true,
    });
    current = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`✖ ${suite.name} exceeded ${suite.timeoutS} s: stopping it`);
      killGroup(child, "SIGTERM");
      setTimeout(() => killGroup(child, "SIGKILL"), 5_000).unref();
    }, suite.timeoutS * 1000);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      // Whatever the suite left behind in its group (a server child, anvil) goes with it.
      killGroup(child, "SIGKILL");
      resolve(timedOut ? "timeout" : (code ?? signal));
    });
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}
