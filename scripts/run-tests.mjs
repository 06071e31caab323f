#!/usr/bin/env node
// `npm test` on a machine with only Node and npm: installs the pinned pnpm (through npx, nothing global) and the
// workspace, then runs lint, typecheck, build, every package's tests and the package checks, the size budgets,
// the release check and the install test, and prints the CI legs and one "N passed, N failed" line summed over all
// packages.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ensurePnpm, env, root, run } from "./workspace.mjs";

// The Redis store's tests and the shared-store conformance run against a real redis-server (started by the tests
// on a free loopback port). On a fresh Debian/Ubuntu machine it comes from apt; elsewhere, say how to get it.
function ensureRedis() {
  if (spawnSync("redis-server", ["--version"], { env }).status === 0) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const apt = spawnSync("sh", ["-c", "command -v apt-get"], { env }).status === 0;
  if (!apt) {
    console.error(
      "✖ redis-server is needed by the tests: install it (apt, brew install redis, …) and re-run",
    );
    process.exit(1);
  }
  const install = (args) => {
    const command = isRoot ? args : ["sudo", "-n", ...args];
    return spawnSync(command[0], command.slice(1), {
      stdio: "inherit",
      env: { ...env, DEBIAN_FRONTEND: "noninteractive" },
    });
  };
  console.log("▶ installing redis-server with apt");
  if (install(["apt-get", "install", "-y", "-q", "redis-server"]).status !== 0) {
    install(["apt-get", "update", "-q"]);
    if (install(["apt-get", "install", "-y", "-q", "redis-server"]).status !== 0) {
      console.error("✖ could not install redis-server with apt; install it and re-run");
      process.exit(1);
    }
  }
}

// Packages and apps (apps/e2e holds the cross-package conformance suite); each writes a vitest JSON report.
const packages = ["packages", "apps"]
  .filter((folder) => existsSync(join(root, folder)))
  .flatMap((folder) => readdirSync(join(root, folder)).map((name) => join(root, folder, name)));
for (const dir of packages) rmSync(join(dir, ".vitest-results.json"), { force: true });

ensurePnpm();
ensureRedis();
run("pnpm", ["install", "--frozen-lockfile"], "install (pnpm, pinned)");
run(join(root, "node_modules/.bin/biome"), ["check", "."], "lint and format (biome)");
run(
  join(root, "node_modules/.bin/turbo"),
  [
    "run",
    "build",
    "typecheck",
    "test",
    "check:package",
    // Only workspace packages: the root's own "test" script is this file, and must not run itself.
    "--filter=./packages/*",
    ...(existsSync(join(root, "apps")) ? ["--filter=./apps/*"] : []),
  ],
  "build, typecheck, test, package checks (turbo)",
);

// After the build: the release and size checks (seconds), then the install test (minutes): every published
// package packed, installed with npm and used from ESM, CommonJS and TypeScript projects.
// PAYMUX_SKIP_INSTALL_TEST=1 skips the install test for local iteration; CI always runs it.
const extra = new Map();
function step(name, script, label) {
  console.log(`\n▶ ${label}`);
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(root, script)], { cwd: root, stdio: "inherit", env });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  extra.set(name, { ok: result.status === 0, note: `${seconds} s` });
  if (result.status !== 0) console.error(`✖ ${label} failed (exit ${result.status ?? result.signal})`);
}
step(
  "size",
  "packages/client/scripts/bundle-size.mjs",
  "browser bundle sizes against packages/client/size-budgets.json",
);
step("release", "scripts/release-check.mjs", "release check (changeset version in a throwaway copy)");
if (env.PAYMUX_SKIP_INSTALL_TEST === "1") {
  extra.set("install", { ok: undefined, note: "skipped (PAYMUX_SKIP_INSTALL_TEST=1)" });
} else {
  step(
    "install",
    "scripts/install-test.mjs",
    "install test (npm pack → npm install; ESM, CommonJS, TypeScript projects)",
  );
}

let passed = 0;
let failed = 0;
let skipped = 0;
const outcome = new Map();
for (const dir of packages) {
  const file = join(dir, ".vitest-results.json");
  if (!existsSync(file)) continue;
  const results = JSON.parse(readFileSync(file, "utf8"));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  skipped += results.numPendingTests + (results.numTodoTests ?? 0);
  outcome.set(dir.slice(root.length), results.numFailedTests === 0 && results.numPassedTests > 0);
}

// The legs of .github/workflows/ci.yml, as they ran here in one pass; the real-validator leg needs
// PAYMUX_SOLANA_RPC_URL (a solana-test-validator), which this machine cannot install.
const legs = [
  ["checks (lint, typecheck, build, package checks, size budgets, release check)", []],
  ["evm-anvil", ["packages/chain-evm", "packages/testing", "apps/e2e"]],
  ["solana-litesvm", ["packages/chain-solana", "packages/local", "apps/e2e"]],
];
const checksOk = extra.get("size").ok && extra.get("release").ok;
console.log("\nlegs:");
for (const [name, dirs] of legs) {
  const ok = dirs.every((dir) => outcome.get(dir) === true) && (dirs.length > 0 || checksOk);
  console.log(`  ${ok ? "✓" : "✖"} ${name}${dirs.length ? ` (${dirs.join(", ")})` : ""}`);
}
const install = extra.get("install");
const mark = install.ok === undefined ? "–" : install.ok ? "✓" : "✖";
console.log(
  `  ${mark} install (npm pack → npm install; ESM, CJS, TS bundler, TS node16 projects): ${install.note}`,
);
console.log(
  process.env.PAYMUX_SOLANA_RPC_URL
    ? `  ✓ solana-validator (packages/chain-solana against ${process.env.PAYMUX_SOLANA_RPC_URL})`
    : "  – solana-validator: not run (set PAYMUX_SOLANA_RPC_URL to a solana-test-validator)",
);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
const extraFailed = [...extra.values()].some((leg) => leg.ok === false);
process.exit(failed > 0 || passed === 0 || extraFailed ? 1 : 0);
