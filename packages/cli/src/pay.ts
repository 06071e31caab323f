// `paymux pay <url>`: curl that pays. Body to stdout; what was paid, the receipt and the transaction to stderr.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type ClientEvent, type OfferSummary, paymentOf, wrapFetch } from "@paymux/client";
import { type AssetInfo, findAsset, formatUnits, isCaip2, isPaymuxError, PaymuxError } from "@paymux/core";
import { explorerLink } from "./explorer.js";
import { type ParsedKey, parseKey } from "./keys.js";
import { createPayers } from "./payers.js";

/** Where `runPay` writes, what it reads the environment from, and hooks for programs and tests. */
export type PayIo = {
  stdout?: { write(chunk: string | Uint8Array): unknown };
  stderr?: { write(chunk: string): unknown };
  env?: Readonly<Record<string, string | undefined>>;
  /** Tokens beyond core's table (local test USDC), so `--max "$0.01"` and amounts cover them. */
  assets?: readonly AssetInfo[];
  onEvent?: (event: ClientEvent) => void;
};

/** Usage of `paymux pay`. */
export const PAY_USAGE = `usage: paymux pay <url> [options]
  -X, --method <method>    HTTP method (default GET, or POST with --data)
  -H, --header <h: value>  request header (repeatable)
  -d, --data <body>        request body
  --key <hex|base58|json>  private key: hex → EVM, 64-byte base58 or JSON array → Solana
  --key-file <path>        read the key from a file (same formats)
  --evm-rpc <url>          EVM RPC (env PAYMUX_EVM_RPC_URL); needed for push payments
  --solana-rpc <url>       Solana RPC (env PAYMUX_SOLANA_RPC_URL); needed to pay on Solana
  --max <price>            refuse any payment above it ("$0.01", "0.001 SOL"), before signing
  --assets <json>          extra tokens (env PAYMUX_ASSETS, printed by paymux dev) for --max
  --dry-run                show the price and the offer that would be paid; sign nothing
keys also come from env PAYMUX_EVM_KEY and PAYMUX_SOLANA_KEY`;

/** Runs `paymux pay` with its arguments (after "pay") and returns the exit code: 0 on 2xx, 1 otherwise, 2 on usage. */
export async function runPay(argv: readonly string[], io: PayIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    stderr.write(`paymux pay: ${error instanceof Error ? error.message : String(error)}\n${PAY_USAGE}\n`);
    return 2;
  }
  const url = args.positionals[0];
  if (args.values.help || !url || args.positionals.length > 1) {
    stderr.write(`${PAY_USAGE}\n`);
    return args.values.help ? 0 : 2;
  }
  try {
    const assets = readAssets(args.values, env, io.assets);
    const keys = readKeys(args.values, env);
    const { payers, notes } = await createPayers({
      keys,
      evmRpc: args.values["evm-rpc"] ?? env.PAYMUX_EVM_RPC_URL,
      solanaRpc: args.values["solana-rpc"] ?? env.PAYMUX_SOLANA_RPC_URL,
      assets,
    });
    for (const note of notes) stderr.write(`note: ${note}\n`);
    const fetch = wrapFetch(globalThis.fetch, {
      payers,
      ...(args.values.max ? { policy: { maxPerPayment: args.values.max } } : {}),
      ...(assets ? { assets } : {}),
      ...(io.onEvent ? { onEvent: io.onEvent } : {}),
    });
    const init = requestInit(args.values);
    const price = (offer: OfferSummary) => describeOffer(offer, assets);
    if (args.values["dry-run"]) {
      const quote = await fetch.quote(url, init);
      if (!quote.required) {
        stdout.write(`no payment required (HTTP ${quote.status})\n`);
        return 0;
      }
      for (const offer of quote.offers) stdout.write(`offer: ${price(offer)}\n`);
      if (quote.selected) stdout.write(`price: ${price(quote.selected)} (would be paid; nothing signed)\n`);
      if (quote.refusal) stdout.write(`refused: ${quote.refusal.code}: ${quote.refusal.message}\n`);
      return quote.selected ? 0 : 1;
    }
    const response = await fetch(url, init);
    stdout.write(new Uint8Array(await response.arrayBuffer()));
    stderr.write(`HTTP ${response.status}\n`);
    const paid = paymentOf(response);
    if (paid) {
      stderr.write(`paid: ${price(paid.offer)} from ${paid.payer}\n`);
      const receipt = paid.receipt;
      if (receipt) {
        stderr.write(`receipt: ${receipt.success ? "success" : `failed ${receipt.errorReason ?? ""}`}\n`);
        if (receipt.transaction)
          stderr.write(`transaction: ${explorerLink(receipt.network, receipt.transaction)}\n`);
      }
    }
    return response.ok ? 0 : 1;
  } catch (error) {
    const text = isPaymuxError(error)
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
    stderr.write(`paymux pay: ${text}\n`);
    return 1;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      method: { type: "string", short: "X" },
      header: { type: "string", short: "H", multiple: true },
      data: { type: "string", short: "d" },
      key: { type: "string" },
      "key-file": { type: "string" },
      "evm-rpc": { type: "string" },
      "solana-rpc": { type: "string" },
      max: { type: "string" },
      assets: { type: "string" },
      "dry-run": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

type Values = ReturnType<typeof parse>["values"];

/** Keys from the flags first, then the environment; each family once. */
function readKeys(values: Values, env: Readonly<Record<string, string | undefined>>): ParsedKey[] {
  const keys: ParsedKey[] = [];
  if (values.key) keys.push(parseKey(values.key, "--key"));
  if (values["key-file"]) keys.push(parseKey(readFileSync(values["key-file"], "utf8"), "--key-file"));
  if (env.PAYMUX_EVM_KEY) keys.push(parseKey(env.PAYMUX_EVM_KEY, "PAYMUX_EVM_KEY"));
  if (env.PAYMUX_SOLANA_KEY) keys.push(parseKey(env.PAYMUX_SOLANA_KEY, "PAYMUX_SOLANA_KEY"));
  return keys.filter((key, index) => keys.findIndex((other) => other.family === key.family) === index);
}

/** The program's assets plus those of `--assets` (or else `PAYMUX_ASSETS`); undefined when there are none. */
function readAssets(
  values: Values,
  env: Readonly<Record<string, string | undefined>>,
  programmatic: readonly AssetInfo[] | undefined,
): readonly AssetInfo[] | undefined {
  const flag = values.assets;
  const text = flag ?? env.PAYMUX_ASSETS;
  const extra = text?.trim() ? parseAssets(text, flag === undefined ? "PAYMUX_ASSETS" : "--assets") : [];
  const all = [...(programmatic ?? []), ...extra];
  return all.length > 0 ? all : undefined;
}

const ASSET_KEYS = new Set(["network", "address", "symbol", "decimals", "usd", "eip712", "tokenProgram"]);

/**
 * Parses a JSON array of asset entries (`network`, `address`, `symbol`, `decimals`, optional `usd`, `eip712`,
 * `tokenProgram`), as `paymux dev` prints in `PAYMUX_ASSETS`. Anything else is `CONFIG_INVALID`.
 */
export function parseAssets(text: string, source = "PAYMUX_ASSETS"): AssetInfo[] {
  const invalid = (why: string) =>
    new PaymuxError("CONFIG_INVALID", `${source} is not a JSON array of assets: ${why}`, {
      context: { source },
    });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid("not JSON");
  }
  if (!Array.isArray(value)) throw invalid("not an array");
  return value.map((entry: unknown, index): AssetInfo => {
    const at = `entry ${index}`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry))
      throw invalid(`${at} is not an object`);
    const record = entry as Record<string, unknown>;
    const unknownKey = Object.keys(record).find((key) => !ASSET_KEYS.has(key));
    if (unknownKey !== undefined) throw invalid(`${at} has an unknown field "${unknownKey.slice(0, 32)}"`);
    const { network, address, symbol, decimals, usd, eip712, tokenProgram } = record;
    if (!isCaip2(network)) throw invalid(`${at}: network is not a CAIP-2 id`);
    if (typeof address !== "string" || address === "") throw invalid(`${at}: address is not a string`);
    if (typeof symbol !== "string" || symbol === "") throw invalid(`${at}: symbol is not a string`);
    if (typeof decimals !== "number" || !Number.isInteger(decimals) || decimals < 0 || decimals > 36)
      throw invalid(`${at}: decimals is not an integer from 0 to 36`);
    if (usd !== undefined && typeof usd !== "boolean") throw invalid(`${at}: usd is not a boolean`);
    const asset: AssetInfo = { network, address, symbol, decimals, usd: usd ?? false };
    if (eip712 !== undefined) {
      const domain = eip712 as Record<string, unknown> | null;
      if (
        typeof domain !== "object" ||
        domain === null ||
        typeof domain.name !== "string" ||
        typeof domain.version !== "string"
      )
        throw invalid(`${at}: eip712 is not { name, version }`);
      asset.eip712 = { name: domain.name, version: domain.version };
    }
    if (tokenProgram !== undefined) {
      if (typeof tokenProgram !== "string" || tokenProgram === "")
        throw invalid(`${at}: tokenProgram is not a string`);
      asset.tokenProgram = tokenProgram;
    }
    return asset;
  });
}

/** The request as curl would send it: -d without -X means POST. */
function requestInit(values: Values): RequestInit {
  const headers = new Headers();
  for (const header of values.header ?? []) {
    const colon = header.indexOf(":");
    if (colon < 1) throw new PaymuxError("CONFIG_INVALID", `Header "${header}" is not "Name: value"`);
    headers.append(header.slice(0, colon).trim(), header.slice(colon + 1).trim());
  }
  const method = values.method ?? (values.data === undefined ? "GET" : "POST");
  return { method, headers, ...(values.data === undefined ? {} : { body: values.data }) };
}

/** "0.001 USDC on eip155:31337 (exact, x402-v2) to 0x…", in atomic units when the asset is unknown. */
function describeOffer(offer: OfferSummary, assets: readonly AssetInfo[] = []): string {
  const asset = findAsset(offer.network, offer.asset, assets);
  const amount = asset
    ? `${formatUnits(offer.amount, asset.decimals)} ${asset.symbol}`
    : `${offer.amount} atomic units of ${offer.asset}`;
  return `${amount} on ${offer.network} (${offer.scheme}, ${offer.dialect}) to ${offer.payTo}`;
}
