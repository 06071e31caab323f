// Starts lib/server.mjs in a child process and talks to it over IPC. Every child is tracked and killed when
// this process ends, however it ends, so a failed suite leaves no server behind.
import { fork } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("./server.mjs", import.meta.url));
const children = new Set();
let hooked = false;

function killAll() {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
}

// Once per process: on a normal exit and on the signals a runner sends, no child outlives us.
function hook() {
  if (hooked) return;
  hooked = true;
  process.on("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

/**
 * Starts a benchmarked server. `execArgv` adds Node flags (`--cpu-prof`, ...); `--expose-gc` is always on so
 * heap figures can be taken after a full collection. Resolves once the server listens.
 */
export async function startServer({ framework, chains, execArgv = [], timeoutMs = 30_000 }) {
  hook();
  const child = fork(SERVER, [], {
    env: { ...process.env, BENCH_SERVER: JSON.stringify({ framework, chains }) },
    execArgv: ["--expose-gc", ...execArgv],
    stdio: ["ignore", "inherit", "pipe", "ipc"],
  });
  children.add(child);
  relayErrors(child, framework);
  child.once("exit", () => children.delete(child));
  const pending = new Map();
  let nextId = 1;
  child.on("message", (message) => {
    const resolve = pending.get(message.id);
    if (resolve) {
      pending.delete(message.id);
      resolve(message);
    }
  });
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${framework} server did not start`)), timeoutMs);
    child.on("message", (message) => {
      if (message.type !== "ready") return;
      clearTimeout(timer);
      resolve(message);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${framework} server exited at start (${code ?? signal})`));
    });
  });
  const ask = (cmd) =>
    new Promise((resolve, reject) => {
      if (!child.connected) return reject(new Error("server is gone"));
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ id, cmd });
    });

  return {
    url: `http://127.0.0.1:${ready.port}`,
    pid: ready.pid,
    /** CPU time (µs, user + system), memory and event counts of the server so far. */
    usage: () => ask("usage"),
    /** Mean verify and settle ms of the paid requests since the last call (core's `verified`/`settled` events). */
    timings: () => ask("timings"),
    /** Memory after two full garbage collections. */
    gc: () => ask("gc"),
    /** Starts the V8 CPU profiler in the server. */
    startProfile: () => ask("profile:start"),
    /** Stops it and writes the .cpuprofile to `path`. */
    stopProfile: (path) => ask(`profile:stop:${path}`),
    /** Stops the server and waits for its process to end (so a CPU profile is written). */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      await Promise.race([ask("stop").catch(() => undefined), exited]);
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Passes the server's stderr on, each distinct error once: a load generator closing its connections at the end
 * of a sample makes Express log one ERR_STREAM_PREMATURE_CLOSE per open request, which would bury the rest.
 */
function relayErrors(child, framework) {
  const counts = new Map();
  let muted = false;
  createInterface({ input: child.stderr }).on("line", (line) => {
    if (/^\S*Error\b/.test(line)) {
      counts.set(line, (counts.get(line) ?? 0) + 1);
      muted = counts.get(line) > 1;
    } else if (!/^\s+(at |code:|\w+:)|^}$/.test(line)) {
      muted = false;
    }
    if (!muted) process.stderr.write(`  [${framework} server] ${line}\n`);
  });
  child.once("exit", () => {
    for (const [line, count] of counts) {
      if (count > 1) process.stderr.write(`  [${framework} server] ${count}× ${line}\n`);
    }
  });
}

/** CPU microseconds (user + system) between two `usage()` answers. */
export const cpuMicros = (before, after) =>
  after.cpu.user - before.cpu.user + (after.cpu.system - before.cpu.system);
