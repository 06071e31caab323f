// An agent that fetches paid URLs: with its own keys (PAYMUX_EVM_KEY / PAYMUX_SOLANA_KEY) under a per-payment cap
// and a budget, or zero-config (ephemeral wallets on local chains) without keys. Keys are never printed.
import { exactEvmPayer, pushEvmPayer } from "@paymux/chain-evm/client";
import { exactSolanaPayer, pushSolanaPayer } from "@paymux/chain-solana/client";
import {
  type Budget,
  type ClientEvent,
  createBudget,
  createZeroConfigFetch,
  type OfferSummary,
  type PaymuxFetch,
  paymentOf,
  type Reservation,
  wrapFetch,
} from "@paymux/client";
import {
  type AssetInfo,
  findAsset,
  isCaip2,
  isPaymuxError,
  PaymuxError,
  type SchemePayer,
} from "@paymux/core";
import { createKeyPairSignerFromBytes, createSolanaRpc, getBase58Encoder } from "@solana/kit";
import { createPublicClient, createWalletClient, defineChain, formatUnits, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { getChainId } from "viem/actions";

type Env = Readonly<Record<string, string | undefined>>;

/** Fetches every URL, paying 402s; logs one line per lifecycle event, a status line per URL and a summary. */
export async function runAgent(
  urls: string[],
  env: Record<string, string | undefined>,
  out: (line: string) => void,
): Promise<{ paid: number; failed: number }> {
  const assets = env.PAYMUX_ASSETS?.trim() ? parseAssets(env.PAYMUX_ASSETS) : [];
  const onEvent = (event: ClientEvent) => out(describeEvent(event, assets));
  let fetch: PaymuxFetch;
  if (env.PAYMUX_EVM_KEY || env.PAYMUX_SOLANA_KEY) {
    const { payers, notes } = await createPayers(env, assets);
    for (const note of notes) out(`note: ${note}`);
    const budgets = perUnit([
      createBudget({ limit: env.PAYMUX_BUDGET ?? "$0.10", assets }),
      createBudget({ limit: env.PAYMUX_BUDGET_SOL ?? "0.1 SOL", assets }),
    ]);
    fetch = wrapFetch(globalThis.fetch, {
      payers,
      // One cap per unit: a USD cap only applies to USD stablecoins, so SOL offers need their own.
      policy: { maxPerPayment: [env.PAYMUX_MAX ?? "$0.01", env.PAYMUX_MAX_SOL ?? "0.01 SOL"] },
      budgets,
      ...(assets.length > 0 ? { assets } : {}),
      onEvent,
    });
    out(`agent: paying with ${payers.length} payer(s) (${payers.map((payer) => payer.scheme).join(", ")})`);
  } else {
    fetch = await createZeroConfigFetch({ onEvent });
    out("agent: no PAYMUX_EVM_KEY / PAYMUX_SOLANA_KEY, zero-config (ephemeral wallets on local chains)");
  }
  let paid = 0;
  let failed = 0;
  for (const url of urls) {
    try {
      const response = await fetch(url);
      const body = (await response.text()).slice(0, 200).replaceAll("\n", " ");
      const payment = paymentOf(response);
      if (response.ok) {
        if (payment) paid++;
        out(`${url}: HTTP ${response.status}${payment ? " paid" : " free"} ${body}`);
      } else {
        failed++;
        out(`${url}: HTTP ${response.status} ${body}`);
      }
    } catch (error) {
      failed++;
      const text = isPaymuxError(error)
        ? `${error.code}: ${error.message}`
        : error instanceof Error
          ? error.message
          : String(error);
      out(`${url}: not paid (${text})`);
    }
  }
  out(`summary: ${urls.length} URL(s), ${paid} paid, ${failed} failed`);
  return { paid, failed };
}

function describeEvent(event: ClientEvent, assets: readonly AssetInfo[]): string {
  const at = `[${event.type}] ${event.url}`;
  switch (event.type) {
    case "challenge":
      return `${at} 402 with ${event.offers} offer(s) (${event.dialects.join(", ")})`;
    case "selected":
      return `${at} ${price(event.offer, assets)} on ${event.offer.network} (${event.offer.scheme}, ${event.offer.dialect})`;
    case "signed":
      return `${at} by ${event.payer}`;
    case "sent":
      return `${at} (${event.dialect})`;
    case "settled":
      return `${at} HTTP ${event.status}${event.receipt ? ` tx ${event.receipt.transaction || "-"} ${event.receipt.success ? "success" : "failed"}` : ""} (${event.ms} ms)`;
    case "refused":
      return `${at} ${event.code}${event.rule ? ` (rule ${event.rule})` : ""}: ${event.message}`;
    case "failed":
      return `${at} ${event.code}: ${event.message}`;
  }
}

/** "0.001 USDC", or atomic units when the asset is unknown. */
function price(offer: OfferSummary, assets: readonly AssetInfo[]): string {
  const asset = findAsset(offer.network, offer.asset, assets);
  return asset
    ? `${formatUnits(offer.amount, asset.decimals)} ${asset.symbol}`
    : `${offer.amount} atomic units of ${offer.asset}`;
}

/**
 * Budgets in several units (USD, SOL) as one: each offer is reserved on the budgets that count its asset, and
 * refused when none does. (Passing them as a list to wrapFetch would need every budget to count every offer.)
 */
function perUnit(budgets: readonly Budget[]): Budget {
  const [first] = budgets as [Budget, ...Budget[]];
  return {
    reserve(offer, extra) {
      const reservations: Reservation[] = [];
      for (const budget of budgets) {
        try {
          reservations.push(budget.reserve(offer, extra));
        } catch (error) {
          const uncounted = isPaymuxError(error, "POLICY_REJECTED") && error.context["rule"] === "budget";
          if (uncounted) continue;
          for (const reservation of reservations) reservation.release();
          throw error;
        }
      }
      if (reservations.length === 0) {
        throw new PaymuxError("POLICY_REJECTED", "No budget counts this asset", {
          context: { rule: "budget", network: String(offer.network), asset: String(offer.asset) },
        });
      }
      return {
        amount: reservations[0]?.amount ?? 0n,
        commit: () => {
          for (const reservation of reservations) reservation.commit();
        },
        release: () => {
          for (const reservation of reservations) reservation.release();
        },
      };
    },
    spent: () => first.spent(),
    reserved: () => first.reserved(),
    remaining: () => first.remaining(),
    limit: first.limit,
  };
}

/** Exact (and, with an RPC, push) payers for the keys in the environment; notes what a missing RPC left out. */
async function createPayers(
  env: Env,
  assets: readonly AssetInfo[],
): Promise<{ payers: SchemePayer[]; notes: string[] }> {
  const payers: SchemePayer[] = [];
  const notes: string[] = [];
  if (env.PAYMUX_EVM_KEY) {
    const account = privateKeyToAccount(parseEvmKey(env.PAYMUX_EVM_KEY));
    payers.push(exactEvmPayer({ signer: account, ...(assets.length > 0 ? { assets } : {}) }));
    const rpc = env.PAYMUX_EVM_RPC_URL;
    if (rpc) {
      // The push payer sends a transaction, so its wallet client needs the chain; the RPC tells us which.
      const id = await getChainId(createPublicClient({ transport: http(rpc) }));
      const chain = defineChain({
        id,
        name: `eip155:${id}`,
        nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
        rpcUrls: { default: { http: [rpc] } },
      });
      const transport = http(rpc);
      payers.push(
        pushEvmPayer({
          walletClient: createWalletClient({ account, chain, transport }),
          publicClient: createPublicClient({ chain, transport }),
        }),
      );
    } else {
      notes.push("no PAYMUX_EVM_RPC_URL: EVM push payments are off");
    }
  }
  if (env.PAYMUX_SOLANA_KEY) {
    const rpcUrl = env.PAYMUX_SOLANA_RPC_URL;
    if (rpcUrl) {
      const signer = await createKeyPairSignerFromBytes(parseSolanaKey(env.PAYMUX_SOLANA_KEY));
      const rpc = createSolanaRpc(rpcUrl);
      payers.push(exactSolanaPayer({ signer, rpc }), pushSolanaPayer({ signer, rpc }));
    } else {
      notes.push("no PAYMUX_SOLANA_RPC_URL: the Solana key is not used");
    }
  }
  if (payers.length === 0) {
    throw new PaymuxError("CONFIG_INVALID", "No usable key (a Solana key needs PAYMUX_SOLANA_RPC_URL)");
  }
  return { payers, notes };
}

/** A 32-byte hex key, with or without 0x. The error never quotes the key. */
function parseEvmKey(text: string): Hex {
  const value = text.trim();
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(value)) {
    throw new PaymuxError("CONFIG_INVALID", "PAYMUX_EVM_KEY is not a 32-byte hex key");
  }
  return (value.startsWith("0x") ? value : `0x${value}`) as Hex;
}

/** A 64-byte Solana secret key, base58 or a JSON byte array (as solana-keygen writes). Never quoted. */
function parseSolanaKey(text: string): Uint8Array {
  const value = text.trim();
  let bytes: Uint8Array | undefined;
  if (value.startsWith("[")) {
    try {
      const array: unknown = JSON.parse(value);
      if (Array.isArray(array) && array.every((n) => Number.isInteger(n) && n >= 0 && n < 256)) {
        bytes = Uint8Array.from(array as number[]);
      }
    } catch {
      bytes = undefined;
    }
  } else if (/^[1-9A-HJ-NP-Za-km-z]+$/.test(value)) {
    bytes = Uint8Array.from(getBase58Encoder().encode(value));
  }
  if (bytes?.length !== 64) {
    throw new PaymuxError("CONFIG_INVALID", "PAYMUX_SOLANA_KEY is not a 64-byte key (base58 or JSON array)");
  }
  return bytes;
}

/** PAYMUX_ASSETS as `paymux dev` prints it: a JSON array of { network, address, symbol, decimals, usd?, ... }. */
export function parseAssets(text: string): AssetInfo[] {
  const invalid = (why: string) =>
    new PaymuxError("CONFIG_INVALID", `PAYMUX_ASSETS is not a JSON array of assets: ${why}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid("not JSON");
  }
  if (!Array.isArray(value)) throw invalid("not an array");
  return value.map((entry: unknown, index): AssetInfo => {
    const record = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    const { network, address, symbol, decimals, usd, eip712, tokenProgram } = record;
    if (
      !isCaip2(network) ||
      typeof address !== "string" ||
      typeof symbol !== "string" ||
      typeof decimals !== "number" ||
      !Number.isInteger(decimals)
    ) {
      throw invalid(`entry ${index} needs network (CAIP-2), address, symbol and integer decimals`);
    }
    const asset: AssetInfo = { network, address, symbol, decimals, usd: usd === true };
    const domain = eip712 as { name?: unknown; version?: unknown } | undefined;
    if (typeof domain?.name === "string" && typeof domain.version === "string") {
      asset.eip712 = { name: domain.name, version: domain.version };
    }
    if (typeof tokenProgram === "string") asset.tokenProgram = tokenProgram;
    return asset;
  });
}
