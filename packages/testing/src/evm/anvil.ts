import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { PaymuxError } from "@paymux/core";
import type { Hex } from "viem";
import { ANVIL_MNEMONIC, anvilDevPrivateKeys } from "./dev-accounts.js";
import { killAllOnExit, type OutputTail, stopChild, trackOutput } from "./process.js";

/** Options of {@link startAnvil}. */
export type StartAnvilParameters = {
  /** Chain id anvil reports and EIP-712 domains use (default 31337). */
  chainId?: number;
  /** Seconds between blocks; leave out for automine (one block per transaction, fastest for tests). */
  blockTime?: number;
  /** Number of dev accounts anvil funds (default 10). */
  accounts?: number;
  /** Balance of each dev account, in ether (default anvil's 10000). */
  balance?: number | bigint;
  /** Genesis timestamp in unix seconds, e.g. to replay signed vectors whose time window lies in the past. */
  timestamp?: number | bigint;
  /** Keep anvil's output to ourselves (default true); false forwards it to this process's stdout/stderr. */
  silent?: boolean;
  /** anvil executable; default: $PAYMUX_ANVIL_BIN, else the binary shipped by `@foundry-rs/anvil`. */
  binaryPath?: string;
  /** Extra command-line arguments, appended verbatim. */
  args?: readonly string[];
  /** How long to wait for `eth_chainId` to answer before giving up (default 15000 ms). */
  startupTimeoutMs?: number;
  /** Time between SIGTERM and SIGKILL when stopping (default 2000 ms). */
  stopGraceMs?: number;
};

/** A running anvil child process. */
export type AnvilInstance = {
  /** HTTP JSON-RPC endpoint on loopback. */
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly port: number;
  /** OS process id of anvil itself (not of a wrapper). */
  readonly pid: number;
  /** Mnemonic the dev accounts come from. */
  readonly mnemonic: string;
  /** Private keys of the funded dev accounts, in anvil's order (#0 first). */
  readonly privateKeys: readonly Hex[];
  /** Milliseconds from spawn until `eth_chainId` answered. */
  readonly startupMs: number;
  /** The last lines anvil wrote, for diagnostics. */
  logs(): string[];
  /** SIGTERM, then SIGKILL after the grace period; idempotent; resolves once the process has exited. */
  stop(): Promise<void>;
};

const DEFAULT_CHAIN_ID = 31337;
const DEFAULT_ACCOUNTS = 10;
const PORT_ATTEMPTS = 5;

/** Starts anvil on 127.0.0.1 at a free port and resolves once it answers JSON-RPC. */
export async function startAnvil(parameters: StartAnvilParameters = {}): Promise<AnvilInstance> {
  const chainId = parameters.chainId ?? DEFAULT_CHAIN_ID;
  const accounts = parameters.accounts ?? DEFAULT_ACCOUNTS;
  requirePositiveInteger("chainId", chainId);
  requirePositiveInteger("accounts", accounts);
  if (parameters.blockTime !== undefined) requirePositiveInteger("blockTime", parameters.blockTime);
  const binary = parameters.binaryPath ?? resolveAnvilBinary();
  const graceMs = parameters.stopGraceMs ?? 2_000;
  killAllOnExit();

  let lastError: unknown;
  // The free port is only free until someone else binds it, so a lost race is retried with a new port.
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    const port = await getFreePort();
    const rpcUrl = `http://127.0.0.1:${port}`;
    const spawnedAt = performance.now();
    const child = spawn(binary, anvilArgs(parameters, port, chainId, accounts), {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output = trackOutput(child, parameters.silent ?? true);
    try {
      await waitUntilReady(output, rpcUrl, chainId, parameters.startupTimeoutMs ?? 15_000);
    } catch (error) {
      await stopChild(child, graceMs);
      if (!isPortInUse(output)) throw error;
      lastError = error;
      continue;
    }
    const startupMs = performance.now() - spawnedAt;
    let stopping: Promise<void> | undefined;
    return {
      rpcUrl,
      chainId,
      port,
      pid: child.pid!,
      mnemonic: ANVIL_MNEMONIC,
      privateKeys: anvilDevPrivateKeys(accounts),
      startupMs,
      logs: () => output.lines(),
      stop: () => {
        stopping ??= stopChild(child, graceMs);
        return stopping;
      },
    };
  }
  throw new PaymuxError("CHAIN_ERROR", `anvil could not bind a free port after ${PORT_ATTEMPTS} attempts`, {
    cause: lastError,
  });
}

/**
 * Path of the anvil binary from the `@foundry-rs/anvil-<os>-<arch>` optional dependency of `@foundry-rs/anvil`,
 * resolved the way that package's bin.mjs does, so its postinstall (which pnpm may skip) is never needed.
 */
export function resolveAnvilBinary(): string {
  const fromEnv = process.env["PAYMUX_ANVIL_BIN"];
  if (fromEnv) return fromEnv;
  const platformPackage = ANVIL_PLATFORM_PACKAGES[`${process.platform}-${process.arch}`];
  if (!platformPackage) {
    throw new PaymuxError(
      "CHAIN_ERROR",
      `@foundry-rs/anvil ships no binary for ${process.platform}-${process.arch}; set PAYMUX_ANVIL_BIN to an anvil executable`,
    );
  }
  const binaryName = process.platform === "win32" ? "anvil.exe" : "anvil";
  try {
    // The platform package is a dependency of @foundry-rs/anvil, not of ours: resolve it from there (pnpm is strict).
    const anvilPackageJson = createRequire(moduleLocation()).resolve("@foundry-rs/anvil/package.json");
    return createRequire(anvilPackageJson).resolve(`${platformPackage}/bin/${binaryName}`);
  } catch (error) {
    throw new PaymuxError(
      "CHAIN_ERROR",
      `cannot find the anvil binary (${platformPackage}); install @foundry-rs/anvil with optional dependencies or set PAYMUX_ANVIL_BIN`,
      { cause: error },
    );
  }
}

const ANVIL_PLATFORM_PACKAGES: Readonly<Record<string, string>> = {
  "linux-x64": "@foundry-rs/anvil-linux-amd64",
  "linux-arm64": "@foundry-rs/anvil-linux-arm64",
  "darwin-x64": "@foundry-rs/anvil-darwin-amd64",
  "darwin-arm64": "@foundry-rs/anvil-darwin-arm64",
  "win32-x64": "@foundry-rs/anvil-win32-amd64",
};

// The CJS build has no import.meta.url (esbuild empties import.meta there), but it has __filename.
function moduleLocation(): string {
  return (import.meta as { url?: string }).url ?? __filename;
}

function anvilArgs(
  parameters: StartAnvilParameters,
  port: number,
  chainId: number,
  accounts: number,
): string[] {
  const args = ["--host", "127.0.0.1", "--port", String(port), "--chain-id", String(chainId)];
  args.push("--accounts", String(accounts));
  if (parameters.blockTime !== undefined) args.push("--block-time", String(parameters.blockTime));
  if (parameters.balance !== undefined) args.push("--balance", String(parameters.balance));
  if (parameters.timestamp !== undefined) args.push("--timestamp", String(parameters.timestamp));
  args.push(...(parameters.args ?? []));
  return args;
}

/** Asks the OS for a free loopback port by binding port 0, then releases it for anvil. */
function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() =>
        port > 0 ? resolve(port) : reject(new PaymuxError("CHAIN_ERROR", "could not pick a free port")),
      );
    });
  });
}

async function waitUntilReady(
  output: OutputTail,
  rpcUrl: string,
  chainId: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let delayMs = 5;
  for (;;) {
    const exit = output.exit();
    if (exit)
      throw new PaymuxError(
        "CHAIN_ERROR",
        `anvil exited before it was ready (${exit})${describeTail(output)}`,
      );
    const answered = await queryChainId(rpcUrl);
    if (answered !== undefined) {
      if (answered !== chainId)
        throw new PaymuxError(
          "CHAIN_ERROR",
          `anvil at ${rpcUrl} reports chain ${answered}, expected ${chainId}`,
        );
      return;
    }
    if (performance.now() > deadline) {
      throw new PaymuxError(
        "CHAIN_ERROR",
        `anvil did not answer eth_chainId on ${rpcUrl} within ${timeoutMs} ms${describeTail(output)}`,
      );
    }
    // Back off, but wake at once if the process dies so a bad flag fails fast.
    await Promise.race([sleep(delayMs), output.exited]);
    delayMs = Math.min(delayMs * 2, 100);
  }
}

async function queryChainId(rpcUrl: string): Promise<number | undefined> {
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(1_000),
    });
    const body = (await response.json()) as { result?: unknown };
    return typeof body.result === "string" ? Number.parseInt(body.result, 16) : undefined;
  } catch {
    return undefined; // not listening yet
  }
}

function isPortInUse(output: OutputTail): boolean {
  return output.stderr().some((line) => /address already in use|os error 98/i.test(line));
}

function describeTail(output: OutputTail): string {
  const stderr = output.stderr();
  const lines = stderr.length > 0 ? stderr : output.lines();
  return lines.length > 0 ? `. Last output:\n${lines.slice(-15).join("\n")}` : "";
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new PaymuxError("CONFIG_INVALID", `${name} must be a positive integer, got ${value}`);
}
