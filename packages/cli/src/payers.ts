// Payers for `paymux pay` built from the user's own keys and RPC URLs.
import { exactEvmPayer, pushEvmPayer } from "@paymux/chain-evm/client";
import { exactSolanaPayer, pushSolanaPayer } from "@paymux/chain-solana/client";
import { type AssetInfo, PaymuxError, type SchemePayer } from "@paymux/core";
import { createKeyPairSignerFromBytes, createSolanaRpc } from "@solana/kit";
import { createPublicClient, createWalletClient, defineChain, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { getChainId } from "viem/actions";
import type { ParsedKey } from "./keys.js";

/** Keys and RPC URLs to pay with; an RPC URL is what allows broadcasting (`push`) and reading Solana state. */
export type PayerSources = {
  keys: readonly ParsedKey[];
  evmRpc?: string | undefined;
  solanaRpc?: string | undefined;
  assets?: readonly AssetInfo[] | undefined;
};

/** Builds exact (and, with an RPC, push) payers for every key; notes what a missing RPC left out. */
export async function createPayers(
  sources: PayerSources,
): Promise<{ payers: SchemePayer[]; notes: string[] }> {
  const payers: SchemePayer[] = [];
  const notes: string[] = [];
  for (const parsed of sources.keys) {
    if (parsed.family === "evm") {
      const account = privateKeyToAccount(parsed.key);
      payers.push(exactEvmPayer({ signer: account, ...(sources.assets ? { assets: sources.assets } : {}) }));
      if (!sources.evmRpc) {
        notes.push("no EVM RPC (--evm-rpc or PAYMUX_EVM_RPC_URL): EVM push payments are off");
        continue;
      }
      // The push payer sends a transaction, so its wallet client needs the chain; the RPC tells us which.
      const id = await getChainId(createPublicClient({ transport: http(sources.evmRpc) }));
      const chain = defineChain({
        id,
        name: `eip155:${id}`,
        nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
        rpcUrls: { default: { http: [sources.evmRpc] } },
      });
      const transport = http(sources.evmRpc);
      payers.push(
        pushEvmPayer({
          walletClient: createWalletClient({ account, chain, transport }),
          publicClient: createPublicClient({ chain, transport }),
        }),
      );
    } else {
      if (!sources.solanaRpc) {
        notes.push("no Solana RPC (--solana-rpc or PAYMUX_SOLANA_RPC_URL): the Solana key is not used");
        continue;
      }
      const signer = await createKeyPairSignerFromBytes(parsed.key);
      const rpc = createSolanaRpc(sources.solanaRpc);
      payers.push(exactSolanaPayer({ signer, rpc }), pushSolanaPayer({ signer, rpc }));
    }
  }
  if (payers.length === 0) {
    throw new PaymuxError(
      "CONFIG_INVALID",
      "No usable key: pass --key, --key-file, or set PAYMUX_EVM_KEY / PAYMUX_SOLANA_KEY (with an RPC URL for Solana)",
    );
  }
  return { payers, notes };
}
