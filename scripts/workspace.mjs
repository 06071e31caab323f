// What the root scripts (`npm test`, `npm run demo`, the release and install checks) share: the repository root,
// an environment for turbo, a step runner that stops at the first failure, the pinned pnpm put on PATH when the
// machine has none, and reading a JSON file.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { delimiter, dirname } from "node:path";

/** The pnpm the repository pins (as package.json names it). */
export const PNPM = "pnpm@12.21.0";
/** The repository root, with a trailing slash. */
export const root = new URL("..", import.meta.url).pathname;
/** The environment of every command the scripts run: turbo without telemetry or update notices. */
export const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1" };

/** Runs `command` in the root with inherited output under the heading `label`; exits on failure. */
export function run(command, args, label) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

// turbo runs each package's scripts through `pnpm run`, so the pinned pnpm must be on PATH, not only callable
// through npx. When the machine has no pnpm (or another version), fetch it with npx and put its bin dir first.
/** Puts the pinned pnpm on `env.PATH` (fetched with npx when the machine's is missing or another version). */
export function ensurePnpm() {
  const version = PNPM.split("@")[1];
  const local = spawnSync("pnpm", ["--version"], { encoding: "utf8", env });
  if (local.status === 0 && local.stdout.trim() === version) return;
  console.log(`▶ fetching ${PNPM} with npx`);
  const found = spawnSync("npx", ["-y", "-p", PNPM, "sh", "-c", "command -v pnpm"], {
    encoding: "utf8",
    env,
  });
  const bin = found.stdout.trim().split("\n").pop();
  if (found.status !== 0 || !bin) {
    console.error(`✖ could not fetch ${PNPM} with npx\n${found.stderr}`);
    process.exit(1);
  }
  env.PATH = `${dirname(bin)}${delimiter}${env.PATH}`;
}

/** The parsed contents of a JSON file (a package.json, say). */
export function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}
