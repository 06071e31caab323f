// What the root scripts (`npm test`, `npm run demo`) share: the repository root, an environment for turbo, a
// step runner that stops at the first failure, and the pinned pnpm put on PATH when the machine has none.
import { spawnSync } from "node:child_process";
import { delimiter, dirname } from "node:path";

export const PNPM = "pnpm@12.21.0";
export const root = new URL("..", import.meta.url).pathname;
export const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1" };

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
