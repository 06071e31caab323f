import { exactSolanaPayer, pushSolanaPayer } from "@paymux/chain-solana/client";
import { exactSolanaPayee, pushSolanaPayee } from "@paymux/chain-solana/server";
import {
  type AssetInfo,
  NATIVE_SOL,
  PaymuxError,
  parseUnits,
  type SchemePayee,
  type SchemePayer,
} from "@paymux/core";
import { startLocalSolana } from "@paymux/testing/solana";
import {
  type Address,
  createKeyPairSignerFromPrivateKeyBytes,
  createSolanaRpc,
  generateKeyPairSigner,
  getAddressEncoder,
  isAddress,
} from "@solana/kit";
import { createSerialQueue } from "./serial.js";
import type { CreateLocalPayerParameters, LocalBalances, LocalPayer, LocalSolanaPayments } from "./types.js";

/** The Solana half of the local payments: the chain, its payees, and how to fund payers on it. */
export type SolanaPart = {
  handle: LocalSolanaPayments;
  payees: SchemePayee[];
  createPayer(parameters: CreateLocalPayerParameters): Promise<Pick<LocalPayer, "solana" | "payers">>;
  balances(address: string): Promise<LocalBalances>;
  stop(): Promise<void>;
};

const DEFAULT_SOL = "10";
const DEFAULT_USDC = "100";
/** The sponsor's SOL: 10,001 lamports per settlement, so 1,000 SOL outlasts any local session. */
const FEE_PAYER_LAMPORTS = 1_000_000_000_000n;
/** The chain confirms instantly; the payees' and payers' default 500 ms poll would only add latency. */
const POLL = { intervalMs: 20 };

/** Starts the LiteSVM chain and its HTTP JSON-RPC, and builds the `exact` and `push` payees. */
export async function startSolanaPart(impersonate: "devnet" | undefined): Promise<SolanaPart> {
  // No fixture wallets: every paying wallet here is created (randomly) by createPayer.
  const local = await startLocalSolana({ ...(impersonate ? { impersonate } : {}), wallets: 0 });
  try {
    // Everything in this process goes over HTTP too, the same path another process's client takes.
    const rpc = createSolanaRpc(local.url);
    const rpcs = { [local.caip2]: rpc };
    const assets: AssetInfo[] = [
      {
        network: local.caip2,
        address: local.usdc.address,
        symbol: "USDC",
        decimals: local.usdc.decimals,
        usd: true,
        tokenProgram: local.usdc.tokenProgram,
      },
      { network: local.caip2, address: NATIVE_SOL, symbol: "SOL", decimals: 9, usd: false },
    ];
    const recipient = (await generateKeyPairSigner()).address;
    // exact offers refuse a recipient without a token account: no protocol lets the payment create it.
    await local.createAta({ owner: recipient, mint: local.usdc.address });
    const feePayer = await generateKeyPairSigner();
    await local.airdrop(feePayer.address, FEE_PAYER_LAMPORTS);
    const payees = [
      exactSolanaPayee({ rpc: rpcs, feePayer, assets, ...POLL }),
      pushSolanaPayee({ rpc: rpcs, assets }),
    ];
    // Mints go through the fixture's one payer and mint authority; keep them in order.
    const serial = createSerialQueue();

    return {
      handle: { ...local, rpcUrl: local.url, recipient, feePayer: feePayer.address, assets },
      payees,
      async createPayer(parameters) {
        const lamports = parseUnits(parameters.sol ?? DEFAULT_SOL, 9);
        const usdc = parseUnits(parameters.usdc ?? DEFAULT_USDC, local.usdc.decimals);
        const { signer, secretKey } = await randomKeyPair();
        if (lamports > 0n) await local.airdrop(signer.address, lamports);
        if (usdc > 0n) {
          await serial(() => local.mintTo({ mint: local.usdc.address, owner: signer.address, amount: usdc }));
        }
        const payers: SchemePayer[] = [
          exactSolanaPayer({ signer, rpc: rpcs }),
          pushSolanaPayer({ signer, rpc: rpcs, ...POLL }),
        ];
        return { solana: { address: signer.address, secretKey }, payers };
      },
      async balances(address) {
        if (!isAddress(address)) {
          throw new PaymuxError("SCHEMA_INVALID", "Not a Solana address", { context: { address } });
        }
        const [{ value: native }, usdc] = await Promise.all([
          rpc.getBalance(address, { commitment: "confirmed" }).send(),
          local.getTokenBalance({ owner: address, mint: local.usdc.address }),
        ]);
        return { native, usdc };
      },
      stop: () => local.close(),
    };
  } catch (error) {
    await local.close();
    throw error;
  }
}

/** A random key pair whose 64-byte secret key (seed ‖ public key) can be handed to other SDKs and the CLI. */
async function randomKeyPair() {
  const seed = crypto.getRandomValues(new Uint8Array(32));
  const signer = await createKeyPairSignerFromPrivateKeyBytes(seed);
  const secretKey = new Uint8Array(64);
  secretKey.set(seed);
  secretKey.set(getAddressEncoder().encode(signer.address as Address), 32);
  return { signer, secretKey };
}
