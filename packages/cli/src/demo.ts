// `paymux demo`: local chains, two paid APIs (Express, Hono), and an agent paying every dialect × chain × scheme.
import { type ClientEvent, paymentOf, wrapFetch } from "@paymux/client";
import { type Dialect, findAsset, formatUnits, isPaymuxError, type SchemePayer } from "@paymux/core";
import { type LocalPayments, startLocalPayments } from "@paymux/local";
import { type Styles, shorten, styles } from "./ansi.js";
import { type RunningApi, startExpressApi, startHonoApi } from "./apis.js";
import { summaryTable } from "./table.js";

/** One payment the demo made (or tried to). */
export type DemoPayment = {
  api: string;
  dialect: Dialect;
  chain: "EVM" | "Solana";
  scheme: string;
  path: string;
  amount: string;
  tx: string;
  ok: boolean;
  error?: string;
};

/** What `runDemo` reports: every payment, whether all settled, and the RPC URLs it ran on (now stopped). */
export type DemoSummary = { ok: boolean; payments: DemoPayment[]; rpcUrls: string[] };

/** Options of {@link runDemo}. */
export type RunDemoParameters = { out?: (line: string) => void; color?: boolean };

type Path = {
  dialect: Dialect;
  chain: "evm" | "solana";
  scheme: "exact" | "push";
  path: "/weather" | "/sol";
};

/** Every way the agent can pay these APIs: each dialect on each chain with each scheme it supports. */
const PATHS: readonly Path[] = [
  { dialect: "x402-v2", chain: "evm", scheme: "exact", path: "/weather" },
  { dialect: "x402-v1", chain: "evm", scheme: "exact", path: "/weather" },
  { dialect: "payment-auth", chain: "evm", scheme: "exact", path: "/weather" },
  { dialect: "payment-auth", chain: "evm", scheme: "push", path: "/weather" },
  { dialect: "x402-v2", chain: "solana", scheme: "exact", path: "/weather" },
  { dialect: "x402-v1", chain: "solana", scheme: "exact", path: "/weather" },
  { dialect: "payment-auth", chain: "solana", scheme: "exact", path: "/weather" },
  { dialect: "payment-auth", chain: "solana", scheme: "push", path: "/sol" },
  { dialect: "payment-request", chain: "solana", scheme: "push", path: "/sol" },
];

/** Atomic prices: $0.001 is 1000 units of the 6-decimal test USDC, 0.001 SOL is 1,000,000 lamports. */
const PRICE = {
  "/weather": { unit: "usdc", amount: 1000n },
  "/sol": { unit: "native", amount: 1_000_000n },
} as const;

/** Runs the whole demo and stops everything it started, whatever happens. */
export async function runDemo(parameters: RunDemoParameters = {}): Promise<DemoSummary> {
  const out = parameters.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const s = styles(parameters.color);
  const apis: RunningApi[] = [];
  const payments: DemoPayment[] = [];
  let local: LocalPayments | undefined;
  const rpcUrls: string[] = [];
  try {
    out(s.bold("paymux demo: local chains, two paid APIs, one agent paying every way it can"));
    out(s.dim("starting anvil + test USDC and the LiteSVM Solana RPC…"));
    local = await startLocalPayments();
    if (local.evm) rpcUrls.push(local.evm.rpcUrl);
    if (local.solana) rpcUrls.push(local.solana.rpcUrl);
    out(`  EVM     ${local.evm?.caip2}  ${local.evm?.rpcUrl}`);
    out(`  Solana  ${local.solana?.caip2}  ${local.solana?.rpcUrl}`);
    apis.push(await startExpressApi(local), await startHonoApi(local));
    for (const api of apis)
      out(`  ${api.name.padEnd(7)} API  ${api.url}  GET /weather ($0.001)  GET /sol (0.001 SOL)`);
    const payer = await local.createPayer();
    out(
      `  agent   EVM ${payer.evm?.address}  Solana ${payer.solana?.address} ${s.dim("(funded test wallet)")}`,
    );
    const total = apis.length * PATHS.length;
    for (const api of apis) {
      for (const path of PATHS) {
        out("");
        out(
          s.bold(
            `[${payments.length + 1}/${total}] ${api.name} GET ${path.path}: ${path.dialect} ${path.scheme} on ${chainName(path)}`,
          ),
        );
        payments.push(await payOnce(local, payer.payers, api, path, out, s));
      }
    }
    out("");
    for (const line of summaryTable(payments, s)) out(line);
    const ok = payments.length === total && payments.every((payment) => payment.ok);
    const settled = payments.filter((payment) => payment.ok).length;
    out("");
    out(ok ? s.green(`✓ all ${total} payments settled`) : s.red(`✗ ${settled} of ${total} payments settled`));
    return { ok, payments, rpcUrls };
  } catch (error) {
    out(s.red(`✗ demo failed: ${describe(error)}`));
    return { ok: false, payments, rpcUrls };
  } finally {
    // Servers first (they hold connections to the chains), then the chains.
    await Promise.allSettled(apis.map((api) => api.close()));
    await local?.stop();
  }
}

const chainName = (path: Path) => (path.chain === "evm" ? "EVM" : "Solana");

/** Pays one path, narrating the client's events, and checks the receipt and the recipient's balance. */
async function payOnce(
  local: LocalPayments,
  payers: readonly SchemePayer[],
  api: RunningApi,
  path: Path,
  out: (line: string) => void,
  s: Styles,
): Promise<DemoPayment> {
  const network = (path.chain === "evm" ? local.evm?.caip2 : local.solana?.caip2) ?? "";
  const recipient = typeof local.payTo === "string" ? local.payTo : (local.payTo[network] ?? "");
  const price = PRICE[path.path];
  const asset = price.unit === "usdc" ? "USDC" : "SOL";
  const decimals = price.unit === "usdc" ? 6 : 9;
  const result: DemoPayment = {
    api: api.name,
    dialect: path.dialect,
    chain: chainName(path),
    scheme: path.scheme,
    path: path.path,
    amount: `${formatUnits(price.amount, decimals)} ${asset}`,
    tx: "",
    ok: false,
  };
  const onEvent = (event: ClientEvent) => out(narrate(event, local, s));
  const fetch = wrapFetch(globalThis.fetch, {
    payers,
    preferences: { dialects: [path.dialect], networks: [network], schemes: [path.scheme] },
    onEvent,
  });
  try {
    const before = (await local.balances(recipient, network))[price.unit];
    out(
      `  ${s.dim("recipient")} ${shorten(recipient)} ${s.dim("before")} ${formatUnits(before, decimals)} ${asset}`,
    );
    const response = await fetch(`${api.url}${path.path}`);
    await response.text();
    const info = paymentOf(response);
    const after = (await local.balances(recipient, network))[price.unit];
    const moved = after - before;
    out(
      `  ${s.dim("recipient")} ${shorten(recipient)} ${s.dim("after ")} ${formatUnits(after, decimals)} ${asset} ` +
        (moved === price.amount ? s.green(`(+${formatUnits(moved, decimals)})`) : s.red(`(moved ${moved})`)),
    );
    result.tx = info?.receipt?.transaction ?? "";
    const matches = info?.offer.dialect === path.dialect && info.offer.scheme === path.scheme;
    result.ok = response.ok && info?.receipt?.success === true && matches && moved === price.amount;
    if (!result.ok) result.error = `HTTP ${response.status}, balance moved ${moved}`;
  } catch (error) {
    result.error = describe(error);
    out(`  ${s.red("✗")} ${result.error}`);
  }
  return result;
}

/** One line per client event: what the agent saw and did (offer summaries only, never payloads or keys). */
function narrate(event: ClientEvent, local: LocalPayments, s: Styles): string {
  switch (event.type) {
    case "challenge":
      return `  ${s.yellow("402")} challenge: ${event.offers} offers in ${event.dialects.join(", ")}`;
    case "selected": {
      const asset = findAsset(event.offer.network, event.offer.asset, local.assets);
      const amount = asset
        ? `${formatUnits(event.offer.amount, asset.decimals)} ${asset.symbol}`
        : `${event.offer.amount}`;
      return `  ${s.cyan("→")} chose ${event.offer.dialect} ${event.offer.scheme} on ${event.offer.network}: ${amount}`;
    }
    case "signed":
      return `  ${s.cyan("✎")} signed by ${shorten(event.payer)} ${s.dim(`(${event.ms} ms)`)}`;
    case "sent":
      return `  ${s.cyan("↻")} retried with the ${event.dialect} credential`;
    case "settled": {
      const tx = event.receipt?.transaction ? shorten(event.receipt.transaction) : "(no receipt)";
      return `  ${s.green("✓")} ${event.status}, settled tx ${tx} ${s.dim(`(${event.ms} ms)`)}`;
    }
    case "refused":
      return `  ${s.red("✗")} refused ${event.code}: ${event.message}`;
    case "failed":
      return `  ${s.red("✗")} failed ${event.code}: ${event.message}`;
  }
}

/** A short reason for a failure: the PaymuxError code when there is one. */
function describe(error: unknown): string {
  if (isPaymuxError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
