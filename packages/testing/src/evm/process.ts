// Child-process plumbing for the anvil launcher: output capture, stopping, and cleanup on parent exit.
import type { ChildProcess } from "node:child_process";
import type { Readable } from "node:stream";

/** What we remember about a child's output and exit, for readiness checks and error messages. */
export type OutputTail = {
  /** Last lines of stdout and stderr, interleaved. */
  lines(): string[];
  /** Last lines of stderr alone. */
  stderr(): string[];
  /** How the process ended ("code 1", "signal SIGKILL", a spawn error), or undefined while it runs. */
  exit(): string | undefined;
  /** Settles when the process has exited or failed to spawn. */
  readonly exited: Promise<void>;
};

const MAX_LINES = 60;
const live = new Set<ChildProcess>();
let hooksInstalled = false;

/** Captures a child's output (optionally echoing it) and tracks it so it is killed if this process exits. */
export function trackOutput(child: ChildProcess, silent: boolean): OutputTail {
  const all: string[] = [];
  const errors: string[] = [];
  let exitDescription: string | undefined;
  collectLines(child.stdout, [all], silent ? undefined : process.stdout);
  collectLines(child.stderr, [all, errors], silent ? undefined : process.stderr);
  live.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exitDescription = signal ? `signal ${signal}` : `code ${code}`;
      live.delete(child);
      resolve();
    });
    child.once("error", (error) => {
      exitDescription = `spawn failed: ${error.message}`;
      live.delete(child);
      resolve();
    });
  });
  // A forgotten instance must not keep the test runner alive; the exit hook below still kills it.
  child.unref();
  return { lines: () => [...all], stderr: () => [...errors], exit: () => exitDescription, exited };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Keep the event loop alive until the exit is observed, so callers can rely on "resolved = gone".
  child.ref();
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Installs (once) the hooks that kill every tracked child when this process ends: on 'exit' (normal end,
 * process.exit, uncaught exception) and on SIGINT/SIGTERM/SIGHUP, which otherwise end Node without 'exit'.
 * A signal is re-raised only when nobody else listens for it, so an application's own handler keeps control.
 */
export function killAllOnExit(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on("exit", killTrackedChildren);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = (): void => {
      killTrackedChildren();
      if (process.listenerCount(signal) === 1) {
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

/** SIGKILLs every child still tracked; this is what runs when the parent process exits. */
export function killTrackedChildren(): void {
  for (const child of live) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
  live.clear();
}

function collectLines(
  stream: Readable | null,
  sinks: string[][],
  echo: NodeJS.WritableStream | undefined,
): void {
  if (!stream) return;
  let partial = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    echo?.write(chunk);
    const pieces = (partial + chunk).split("\n");
    partial = pieces.pop() ?? "";
    for (const line of pieces) {
      for (const sink of sinks) {
        sink.push(line);
        if (sink.length > MAX_LINES) sink.shift();
      }
    }
  });
  stream.on("end", () => {
    if (partial) for (const sink of sinks) sink.push(partial);
  });
  // Pipes are handles too; unref them so only stop() (which re-refs the child) holds the event loop.
  (stream as Readable & { unref?: () => void }).unref?.();
}
