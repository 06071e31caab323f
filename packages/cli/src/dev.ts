// `paymux dev`: local chains and an x402 facilitator for developing against, until Ctrl-C.
import { once } from "node:events";
import { parseArgs } from "node:util";
import { createFacilitator } from "@paymux/facilitator";
import { type LocalPayments, startLocalPayments } from "@paymux/local";
import { getBase58Decoder } from "@solana/kit";
import { styles } from "./ansi.js";
import { type Listening, listenFetch } from "./listen.js";

/** Where `runDev` writes and what stops it (besides SIGINT/SIGTERM). */
export type DevIo = {
  stdout?: { write(chunk: string): unknown };
  stderr?: { write(chunk: string): unknown };
  /** Aborting it stops the chains and the facilitator, as Ctrl-C does. */
  signal?: AbortSignal;
  /** Called once everything is up, with the facilitator URL and the local setup. */
  onReady?: (ready: { facilitatorUrl: string; local: LocalPayments }) => void;
  color?: boolean;
};

/** Default port of the facilitator: the one x402 examples use. */
const DEFAULT_PORT = 4020;

/** Runs `paymux dev` with its arguments (after "dev"); resolves 0 after a clean stop, 1 if it cannot start. */
export async function runDev(argv: readonly string[], io: DevIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const s = styles(io.color);
  let port = DEFAULT_PORT;
  try {
    const { values } = parseArgs({ args: [...argv], options: { port: { type: "string", short: "p" } } });
    if (values.port !== undefined) port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new Error(`--port ${values.port} is not a port`);
  } catch (error) {
    stderr.write(
      `paymux dev: ${error instanceof Error ? error.message : String(error)}\nusage: paymux dev [--port 4020]\n`,
    );
    return 2;
  }
  // Listen for the stop request before starting anything, so a Ctrl-C during start-up still cleans up.
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  io.signal?.addEventListener("abort", onSignal, { once: true });
  let local: LocalPayments | undefined;
  let server: Listening | undefined;
  try {
    local = await startLocalPayments();
    server = await listenFetch(createFacilitator({ payees: local.payees }).fetch, port);
    const payer = await local.createPayer();
    const lines = describe(local, server.url, payer, s);
    stdout.write(`${lines.join("\n")}\n`);
    io.onReady?.({ facilitatorUrl: server.url, local });
    if (!stop.signal.aborted) await once(stop.signal, "abort");
    stdout.write("stopping…\n");
    return 0;
  } catch (error) {
    stderr.write(`paymux dev: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    io.signal?.removeEventListener("abort", onSignal);
    await server?.close();
    await local?.stop();
  }
}

type Payer = Awaited<ReturnType<LocalPayments["createPayer"]>>;

/** What a developer needs to point code at the local chains, ending with lines to paste into a shell. */
function describe(
  local: LocalPayments,
  facilitatorUrl: string,
  payer: Payer,
  s: ReturnType<typeof styles>,
): string[] {
  const evmKey = payer.evm?.privateKey ?? "";
  const solanaKey = payer.solana ? getBase58Decoder().decode(payer.solana.secretKey) : "";
  const lines = [s.bold("paymux dev: local chains and an x402 facilitator (Ctrl-C stops everything)"), ""];
  if (local.evm) {
    lines.push(
      `${s.bold("EVM")}     ${local.evm.caip2} (chain id ${local.evm.chain.id})  RPC ${local.evm.rpcUrl}`,
      `        test USDC ${local.evm.usdc.address} (6 decimals, EIP-3009)  receiving wallet ${local.evm.recipient}`,
    );
  }
  if (local.solana) {
    lines.push(
      `${s.bold("Solana")}  ${local.solana.caip2}  RPC ${local.solana.rpcUrl}`,
      `        test USDC mint ${local.solana.usdc.address} (6 decimals)  receiving wallet ${local.solana.recipient}`,
    );
  }
  lines.push(
    `${s.bold("facilitator")} ${facilitatorUrl}  (GET /supported, POST /verify, POST /settle)`,
    "",
    `${s.bold("payer")} funded with 10 ETH, 10 SOL and 100 USDC on each chain`,
    `  EVM     ${payer.evm?.address ?? "-"}  key ${evmKey} ${s.yellow("(local test key, worthless)")}`,
    `  Solana  ${payer.solana?.address ?? "-"}  key ${solanaKey} ${s.yellow("(local test key, worthless)")}`,
    "",
    s.dim("# paste into another shell, then e.g. `paymux pay http://localhost:3000/paid`"),
    `export PAYMUX_EVM_RPC_URL=${local.evm?.rpcUrl ?? ""} PAYMUX_SOLANA_RPC_URL=${local.solana?.rpcUrl ?? ""}`,
    `export PAYMUX_EVM_KEY=${evmKey} PAYMUX_SOLANA_KEY=${solanaKey}`,
    `export PAYMUX_FACILITATOR_URL=${facilitatorUrl}`,
    `export PAYMUX_ASSETS=${shellQuote(JSON.stringify(local.assets))}`,
  );
  return lines;
}

/** Single-quotes a value for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}
