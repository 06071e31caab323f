#!/usr/bin/env node
// Installs every published package the way a user would: packed with `pnpm pack` (so `workspace:*` becomes a
// real version), installed with plain npm into a fresh project outside the repository together with only the
// peers it needs, then used for real from four kinds of project that resolve from that one node_modules:
//   esm         "type": "module", plain .js
//   cjs         CommonJS, plain .js
//   ts-bundler  tsc with moduleResolution "bundler" (DOM lib), then run
//   ts-node16   tsc with module/moduleResolution "node16" (no DOM lib, exactOptionalPropertyTypes), a .mts and a
//               .cts file, then both run; where a third-party library's own types cannot work there, the smoke
//               relaxes it (install-test-smokes.mjs) and every run prints why
// Type checks use the repository's TypeScript with skipLibCheck off, so the published .d.ts files are checked.
// Needs built packages (`turbo run build`). Usage: node scripts/install-test.mjs [--only core,client] [--keep]
// The steps are in install-test/: packing, the project kinds, one package's test, running, the report.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packAll } from "./install-test/pack.mjs";
import { testPackage } from "./install-test/package-test.mjs";
import { fail, printPackage, printRelaxed, printTable } from "./install-test/report.mjs";
import { killChildrenOnSignal, pool, seconds, userEnv } from "./install-test/run.mjs";
import { SMOKES } from "./install-test-smokes.mjs";
import { ensurePnpm, env, readJson, root } from "./workspace.mjs";

const args = process.argv.slice(2);
const keep = args.includes("--keep");
const onlyIndex = args.indexOf("--only");
const only = onlyIndex >= 0 ? new Set(args[onlyIndex + 1]?.split(",")) : undefined;
const CONCURRENCY = 2; // the CI machines have 2 cores; npm and tsc each keep one busy

killChildrenOnSignal();

const started = performance.now();
const published = readdirSync(join(root, "packages"))
  .map((dir) => ({ dir, manifest: readJson(join(root, "packages", dir, "package.json")) }))
  .filter(({ manifest }) => manifest.private !== true);
const missing = published.filter(({ dir }) => !SMOKES[dir]).map(({ dir }) => dir);
if (missing.length > 0)
  fail(`no smoke program for ${missing.join(", ")}: add one to install-test-smokes.mjs`);
const unbuilt = published.filter(({ dir }) => !existsSync(join(root, "packages", dir, "dist")));
if (unbuilt.length > 0) fail(`not built: ${unbuilt.map(({ dir }) => dir).join(", ")} (run turbo run build)`);
const selected = published.filter(({ dir }) => !only || only.has(dir));
if (selected.length === 0)
  fail(`--only names no published package folder (${published.map(({ dir }) => dir).join(", ")})`);

ensurePnpm();
const work = mkdtempSync(join(tmpdir(), "paymux-install-"));
const tarballs = join(work, "tarballs");
mkdirSync(tarballs);
// After ensurePnpm, which may have put the pinned pnpm on env.PATH.
const npmEnv = userEnv(env);

let exitCode = 0;
try {
  // Every package is packed, not only the selected ones: a package's paymux dependencies come from these
  // tarballs too, since nothing is on npm yet.
  const packed = await packAll(published, tarballs, npmEnv);
  const overrides = Object.fromEntries([...packed].map(([name, file]) => [name, `file:${file}`]));
  const packSeconds = seconds(started);
  console.log(`packed ${packed.size} packages in ${packSeconds} s into ${work}`);

  const rows = [];
  await pool(selected, CONCURRENCY, async ({ dir, manifest }) => {
    const row = await testPackage({ dir, manifest, overrides, work, env: npmEnv });
    rows.push(row);
    printPackage(row);
  });

  printTable(rows);
  for (const { dir, manifest } of selected) printRelaxed(manifest.name, SMOKES[dir].node16);
  const failed = rows.filter((row) => !row.ok);
  console.log(
    `\ninstall test: ${rows.length - failed.length}/${rows.length} packages passed in ${seconds(started)} s (pack ${packSeconds} s)`,
  );
  if (failed.length > 0) exitCode = 1;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  if (keep || exitCode !== 0) console.log(`projects kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
