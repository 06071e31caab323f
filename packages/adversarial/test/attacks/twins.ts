// Twin chains for cross-network replay: a second anvil (another chain id) whose test USDC lands at the same
// address (same deployer, same nonce), and a second LiteSVM cluster (devnet's genesis) holding a mint at the
// same address as the first cluster's USDC. Same payer keys, same recipient, same fee payer on both: only the
// network differs, which is exactly what a relabelled credential changes.
import { exactEvmPayer } from "@paymux/chain-evm/client";
import { exactEvmPayee } from "@paymux/chain-evm/server";
import { exactSolanaPayer, pushSolanaPayer } from "@paymux/chain-solana/client";
import { exactSolanaPayee, pushSolanaPayee } from "@paymux/chain-solana/server";
import { type AssetInfo, type Caip2, NATIVE_SOL, type SchemePayee, type SchemePayer } from "@paymux/core";
import type { LocalPayer, LocalPayments } from "@paymux/local";
import {
  fundEth,
  type LocalEvmChain,
  mintTestUsdc,
  startLocalEvmChain,
  testUsdcAbi,
} from "@paymux/testing/evm";
import { type StartedLocalSolana, startLocalSolana } from "@paymux/testing/solana";
import { type Address, createSolanaRpc, generateKeyPairSigner } from "@solana/kit";
import { privateKeyToAccount } from "viem/accounts";

/** The second chains, payees and payers serving both networks of each kind. */
export type Twins = {
  evm: LocalEvmChain;
  solana: StartedLocalSolana;
  payees: SchemePayee[];
  /** Payers of the arena's wallet that sign for either network. */
  payers: SchemePayer[];
  payTo: Record<string, string>;
  networks: string[];
  assets: AssetInfo[];
  /** Test USDC of the shared recipient on the twin chains (`sol`: its lamports on the twin cluster). */
  recipientOnTwin(kind: "evm" | "solana" | "sol"): Promise<bigint>;
  stop(): Promise<void>;
};

/** Starts the twin chains next to `local` and funds `payer`'s wallets on them. */
export async function startTwins(local: LocalPayments, payer: LocalPayer): Promise<Twins> {
  const a = local.evm as NonNullable<LocalPayments["evm"]>;
  const s = local.solana as NonNullable<LocalPayments["solana"]>;
  const evm = await startLocalEvmChain({ chainId: a.chainId + 1, payerUsdc: 0n });
  const solana = await startLocalSolana({ impersonate: "devnet", wallets: 0 });
  // LiteSVM derives each blockhash from the previous one from a fixed start, so two fresh engines hand out
  // the same sequence and would accept each other's transactions; real clusters never share a blockhash.
  // 1,000 slots ahead puts the twin's window (150 blocks) far from the first cluster's.
  solana.engine.advanceSlots(1000);
  const from = payer.evm?.address as `0x${string}`;
  await fundEth({ client: evm.publicClient, address: from, value: 10n ** 19n });
  await mintTestUsdc({
    client: evm.publicClient,
    token: evm.usdc.address,
    minter: evm.deployer,
    to: from,
    amount: 10_000_000n,
  });
  const mint = await solana.createMint({ decimals: 6, address: s.usdc.address });
  const owner = payer.solana?.address as Address;
  await solana.airdrop(owner, 10_000_000_000n);
  await solana.mintTo({ mint, owner, amount: 10_000_000n });
  await solana.createAta({ owner: s.recipient, mint });
  const feePayer = await generateKeyPairSigner();
  await s.airdrop(feePayer.address, 10_000_000_000n);
  await solana.airdrop(feePayer.address, 10_000_000_000n);

  const evmAsset = (network: Caip2): AssetInfo => ({ ...a.asset, network });
  const solAsset = (network: Caip2): AssetInfo => ({ ...(s.assets[0] as AssetInfo), network });
  const sol = (network: Caip2): AssetInfo => ({
    network,
    address: NATIVE_SOL,
    symbol: "SOL",
    decimals: 9,
    usd: false,
  });
  const assets = [
    evmAsset(a.caip2),
    evmAsset(evm.caip2),
    solAsset(s.caip2),
    solAsset(solana.caip2),
    sol(s.caip2),
    sol(solana.caip2),
  ];
  const rpcs = { [s.caip2]: createSolanaRpc(s.rpcUrl), [solana.caip2]: createSolanaRpc(solana.url) };
  return {
    evm,
    solana,
    payees: [
      exactEvmPayee({
        clients: { [a.caip2]: a.publicClient, [evm.caip2]: evm.publicClient },
        settler: a.settler,
        assets,
      }),
      exactSolanaPayee({ rpc: rpcs, feePayer, assets, intervalMs: 20 }),
      pushSolanaPayee({ rpc: rpcs, assets }),
    ],
    payers: [
      exactEvmPayer({ signer: privateKeyToAccount(payer.evm?.privateKey as `0x${string}`), assets }),
      exactSolanaPayer({ signer: payer.solana?.secretKey as Uint8Array, rpc: rpcs }),
      pushSolanaPayer({ signer: payer.solana?.secretKey as Uint8Array, rpc: rpcs, intervalMs: 20 }),
    ],
    payTo: {
      [a.caip2]: a.recipient,
      [evm.caip2]: a.recipient,
      [s.caip2]: s.recipient,
      [solana.caip2]: s.recipient,
    },
    networks: [a.caip2, evm.caip2, s.caip2, solana.caip2],
    assets,
    async recipientOnTwin(kind) {
      if (kind === "solana") return solana.getTokenBalance({ owner: s.recipient, mint });
      if (kind === "sol") return solana.engine.getAccount(s.recipient)?.lamports ?? 0n;
      return evm.publicClient.readContract({
        address: evm.usdc.address,
        abi: testUsdcAbi,
        functionName: "balanceOf",
        args: [a.recipient],
      });
    },
    async stop() {
      await Promise.allSettled([evm.stop(), solana.close()]);
    },
  };
}
