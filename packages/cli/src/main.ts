// The `paymux` command: dispatches to demo, dev and pay. Plain argv handling, so the CLI has no framework to load.
import packageJson from "../package.json" with { type: "json" };
import { runDemo } from "./demo.js";
import { runDev } from "./dev.js";
import { runPay } from "./pay.js";

const USAGE = `paymux: charge and pay per request over HTTP 402

usage:
  paymux demo                 local chains, paid Express and Hono APIs, an agent paying every dialect (no setup)
  paymux dev [--port 4020]    local chains + an x402 facilitator, with env lines to paste; Ctrl-C stops it
  paymux pay <url> [options]  curl that pays: -X, -H, -d, --key, --key-file, --max, --dry-run,
                              --evm-rpc, --solana-rpc (paymux pay --help for details)
  paymux help | --version`;

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "demo":
      return (await runDemo()).ok ? 0 : 1;
    case "dev":
      return runDev(rest);
    case "pay":
      return runPay(rest);
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case "--version":
    case "-v":
      process.stdout.write(`${packageJson.version}\n`);
      return 0;
    default:
      process.stderr.write(`${command ? `unknown command: ${command}\n\n` : ""}${USAGE}\n`);
      return 2;
  }
}
