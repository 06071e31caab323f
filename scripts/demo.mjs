#!/usr/bin/env node
// `npm run demo` on a machine with only Node and npm: the pinned pnpm (through npx), the workspace, a build of the
// CLI and what it uses, then `paymux demo` — local chains, two paid APIs, an agent paying every route in every
// dialect. Exits with the demo's own status (0 only if every payment settled on chain).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ensurePnpm, env, root, run } from "./workspace.mjs";

ensurePnpm();
run("pnpm", ["install", "--frozen-lockfile"], "install (pnpm, pinned)");
run(
  join(root, "node_modules/.bin/turbo"),
  ["run", "build", "--filter=paymux...", "--output-logs=errors-only"],
  "build the CLI",
);
const demo = spawnSync(process.execPath, [join(root, "packages/cli/dist/cli.js"), "demo"], {
  cwd: root,
  stdio: "inherit",
  env,
});
process.exit(demo.status ?? 1);
