// The payment server's options from the environment: zero config (local chains) when nothing is set, a remote
// x402 facilitator with PAYMUX_FACILITATOR_URL, or payees over your own RPCs and keys (`paymux dev`, testnets).
import { exactEvmPayee, pushEvmPayee } from "@paymux/chain-evm/server";
import { exactSolanaPayee, pushSolanaPayee } from "@paymux/chain-solana/server";
import { type AssetInfo, isCaip2, PaymuxError, type SchemePayee } from "@paymux/core";
import type { PaymentServerOptions } from "@paymux/core/server";
import { createKeyPairSignerFromBytes, createSolanaRpc, getBase58Encoder } from "@solana/kit";
import { createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { getChainId } from "viem/actions";

/** Environment variables, as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** What the server runs on, for the start-up line. */
export type ServerSetup = { mode: "zero-config" | "facilitator" | "rpc"; options: PaymentServerOptions };

/** Reads the environment; throws CONFIG_INVALID naming the variable (never a key's value). */
export async function serverOptionsFromEnv(env: Env): Promise<ServerSetup> {
  const value = (name: string) => env[name]?.trim() || undefined;
  const payToEvm = value("PAYMUX_PAY_TO_EVM");
  const payToSolana = value("PAYMUX_PAY_TO_SOLANA");
  const assets = parseAssets(value("PAYMUX_ASSETS"));
  const secret = value("PAYMUX_SECRET");
  const common = { ...(assets ? { assets } : {}), ...(secret ? { secret } : {}) };
  const facilitator = value("PAYMUX_FACILITATOR_URL");
  const evmRpc = value("PAYMUX_EVM_RPC_URL");
  const solanaRpc = value("PAYMUX_SOLANA_RPC_URL");
  if (!facilitator && !evmRpc && !solanaRpc) return { mode: "zero-config", options: common };
  if (!payToEvm && !payToSolana) throw invalid("Set PAYMUX_PAY_TO_EVM and/or PAYMUX_PAY_TO_SOLANA");
  if (facilitator) {
    // The facilitator says which networks it settles; offer those we have a recipient for.
    const response = await fetch(
      new URL("supported", facilitator.endsWith("/") ? facilitator : `${facilitator}/`),
    );
    if (!response.ok) throw invalid(`PAYMUX_FACILITATOR_URL: GET /supported answered ${response.status}`);
    const supported = (await response.json()) as { kinds?: { network?: unknown }[] };
    const payTo: Record<string, string> = {};
    for (const kind of supported.kinds ?? []) {
      const network = kind.network;
      if (!isCaip2(network)) continue;
      const recipient = network.startsWith("eip155:")
        ? payToEvm
        : network.startsWith("solana:")
          ? payToSolana
          : undefined;
      if (recipient) payTo[network] = recipient;
    }
    if (Object.keys(payTo).length === 0)
      throw invalid("The facilitator settles no network you set a PAYMUX_PAY_TO_* for");
    return { mode: "facilitator", options: { ...common, facilitator, payTo } };
  }
  const payees: SchemePayee[] = [];
  const payTo: Record<string, string> = {};
  if (evmRpc && payToEvm) {
    const key = value("PAYMUX_EVM_SETTLER_KEY");
    if (!key || !/^0x[0-9a-fA-F]{64}$/.test(key))
      throw invalid("PAYMUX_EVM_SETTLER_KEY is not a 0x-prefixed 32-byte hex key");
    const network = `eip155:${await getChainId(createPublicClient({ transport: http(evmRpc) }))}`;
    const rpcUrls = { [network]: evmRpc };
    payees.push(
      exactEvmPayee({
        rpcUrls,
        settler: privateKeyToAccount(key as `0x${string}`),
        ...(assets ? { assets } : {}),
      }),
      pushEvmPayee({ rpcUrls, ...(assets ? { assets } : {}) }),
    );
    payTo[network] = payToEvm;
  }
  if (solanaRpc && payToSolana) {
    const key = value("PAYMUX_SOLANA_FEE_PAYER_KEY");
    let feePayer: Awaited<ReturnType<typeof createKeyPairSignerFromBytes>>;
    try {
      feePayer = await createKeyPairSignerFromBytes(solanaKeyBytes(key ?? ""));
    } catch {
      throw invalid("PAYMUX_SOLANA_FEE_PAYER_KEY is not a 64-byte Solana key (base58 or JSON array)");
    }
    const rpc = createSolanaRpc(solanaRpc);
    // CAIP-2 for Solana: the first 32 characters of the cluster's genesis hash.
    const network = `solana:${(await rpc.getGenesisHash().send()).slice(0, 32)}`;
    const rpcs = { [network]: rpc };
    payees.push(
      exactSolanaPayee({ rpc: rpcs, feePayer, ...(assets ? { assets } : {}) }),
      pushSolanaPayee({ rpc: rpcs, ...(assets ? { assets } : {}) }),
    );
    payTo[network] = payToSolana;
  }
  if (payees.length === 0) throw invalid("Each RPC URL needs its PAYMUX_PAY_TO_* recipient");
  return { mode: "rpc", options: { ...common, payees, payTo } };
}

function solanaKeyBytes(text: string): Uint8Array {
  const bytes = text.startsWith("[")
    ? Uint8Array.from(JSON.parse(text) as number[])
    : Uint8Array.from(getBase58Encoder().encode(text));
  if (bytes.length !== 64) throw new Error("not 64 bytes");
  return bytes;
}

/** `PAYMUX_ASSETS` as `paymux dev` prints it: a JSON array of asset entries. */
function parseAssets(text: string | undefined): AssetInfo[] | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid("PAYMUX_ASSETS is not JSON");
  }
  const valid =
    Array.isArray(value) &&
    value.every(
      (entry: Partial<AssetInfo> | null) =>
        entry !== null &&
        typeof entry === "object" &&
        isCaip2(entry.network) &&
        typeof entry.address === "string" &&
        typeof entry.symbol === "string" &&
        Number.isInteger(entry.decimals),
    );
  if (!valid) throw invalid("PAYMUX_ASSETS is not an array of { network, address, symbol, decimals, usd? }");
  return (value as AssetInfo[]).map((entry) => ({ ...entry, usd: entry.usd === true }));
}

function invalid(message: string): PaymuxError {
  return new PaymuxError("CONFIG_INVALID", message);
}
