// How the install test runs its steps: each command in a process group of its own, so a timeout (or Ctrl-C) also
// ends what it started (anvil, a server) instead of leaving it behind; npm as in a user's fresh shell; a pool
// that runs a few steps at a time.
import { spawn } from "node:child_process";

const STEP_TIMEOUT_MS = 240_000;

/** Children still running: ended with their process groups on SIGINT/SIGTERM. */
export const running = new Set();

function killGroup(child) {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** Ends every running child's process group, then this process (130), on SIGINT or SIGTERM. */
export function killChildrenOnSignal() {
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      for (const child of running) killGroup(child);
      process.exit(130);
    });
  }
}

// npm run by `npm test` exports its own settings as npm_config_*; the inner installs must act like a user's
// fresh shell, so only where-to-fetch settings pass through.
const KEEP_NPM_CONFIG = new Set(["registry", "cache", "userconfig", "globalconfig"]);

/** `environment` without npm's settings for the script running this one, but with where npm fetches from. */
export function userEnv(environment) {
  return Object.fromEntries(
    Object.entries(environment).filter(([key]) => {
      const lower = key.toLowerCase();
      if (lower.startsWith("npm_config_")) return KEEP_NPM_CONFIG.has(lower.slice("npm_config_".length));
      return !lower.startsWith("npm_package_") && !lower.startsWith("npm_lifecycle_");
    }),
  );
}

/** Runs `command` to its end (or the step timeout): `{ code, stdout, output }`, output being stdout and stderr. */
export function exec(command, commandArgs, { cwd, env }) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    running.add(child);
    let stdout = "";
    let output = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      output += `\n[killed after ${STEP_TIMEOUT_MS / 1000} s]`;
      killGroup(child);
    }, STEP_TIMEOUT_MS);
    child.on("error", (error) => {
      output += String(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, stdout, output });
    });
  });
}

/** Runs `worker` on every item, `size` at a time; throws the first error once all are done. */
export async function pool(items, size, worker) {
  const queue = [...items];
  const errors = [];
  await Promise.all(
    Array.from({ length: Math.min(size, queue.length) }, async () => {
      while (queue.length > 0) {
        try {
          await worker(queue.shift());
        } catch (error) {
          errors.push(error);
        }
      }
    }),
  );
  if (errors.length > 0) throw errors[0];
}

/** Seconds since `since` (a performance.now()), one decimal. */
export function seconds(since) {
  return ((performance.now() - since) / 1000).toFixed(1);
}
