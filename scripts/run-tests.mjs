#!/usr/bin/env node
// `npm test` on a machine with only Node and npm: installs the pinned pnpm (through npx, nothing global) and the
// workspace, then runs lint, typecheck, build, every package's tests and the package checks, and prints one
// "N passed, N failed" line summed over all packages.
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
  ["checks (lint, typecheck, build, package checks)", []],
  ["evm-anvil", ["packages/chain-evm", "packages/testing", "apps/e2e"]],
  ["solana-litesvm", ["packages/chain-solana", "packages/local", "apps/e2e"]],
];
console.log("\nlegs:");
for (const [name, dirs] of legs) {
  const ok = dirs.every((dir) => outcome.get(dir) === true);
  console.log(`  ${ok ? "✓" : "✖"} ${name}${dirs.length ? ` (${dirs.join(", ")})` : ""}`);
}
console.log(
  process.env.PAYMUX_SOLANA_RPC_URL
    ? `  ✓ solana-validator (packages/chain-solana against ${process.env.PAYMUX_SOLANA_RPC_URL})`
    : "  – solana-validator: not run (set PAYMUX_SOLANA_RPC_URL to a solana-test-validator)",
);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
