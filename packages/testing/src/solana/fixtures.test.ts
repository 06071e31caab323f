import { createSolanaRpc } from "@solana/kit";
import { getTransferCheckedInstruction } from "@solana-program/token";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEVNET_GENESIS_HASH, DEVNET_USDC_MINT, TOKEN_PROGRAM } from "./constants.js";
import { createLocalSolana, type StartedLocalSolana, startLocalSolana } from "./fixtures.js";

describe("devnet impersonation", () => {
  let local: StartedLocalSolana;
  beforeAll(async () => {
    local = await startLocalSolana({ impersonate: "devnet", wallets: 2 });
  });
  afterAll(() => local.close());

  test("reports devnet's genesis hash and CAIP-2 id", async () => {
    expect(local.caip2).toBe("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1");
    expect(await local.rpc.getGenesisHash().send()).toBe(DEVNET_GENESIS_HASH);
    expect(await createSolanaRpc(local.url).getGenesisHash().send()).toBe(DEVNET_GENESIS_HASH);
  });

  test("USDC lives at devnet's mint address and transfers work", async () => {
    expect(local.usdc).toEqual({ address: DEVNET_USDC_MINT, decimals: 6, tokenProgram: TOKEN_PROGRAM });
    const [from, to] = local.wallets;
    const rpc = createSolanaRpc(local.url);
    const mint = await rpc.getAccountInfo(DEVNET_USDC_MINT, { encoding: "jsonParsed" }).send();
    expect(mint.value?.owner).toBe(TOKEN_PROGRAM);
    const instruction = getTransferCheckedInstruction({
      source: from!.usdcAta,
      mint: DEVNET_USDC_MINT,
      destination: to!.usdcAta,
      authority: from!.signer,
      amount: 10_000n,
      decimals: 6,
    });
    await local.send([instruction], { feePayer: from!.signer });
    expect(await local.getTokenBalance({ owner: to!.address, mint: DEVNET_USDC_MINT })).toBe(1_000_010_000n);
    expect(await local.getTokenBalance({ owner: from!.address, mint: DEVNET_USDC_MINT })).toBe(999_990_000n);
  });
});

describe("fixtures", () => {
  test("wallets are deterministic, funded with SOL, USDC and Token-2022 tokens", async () => {
    const a = await createLocalSolana({ wallets: 1 });
    const b = await createLocalSolana({ wallets: 1 });
    expect(a.wallets[0]!.address).toBe(b.wallets[0]!.address);
    expect(a.usdc.address).toBe(b.usdc.address);
    const wallet = a.wallets[0]!;
    expect((await a.rpc.getBalance(wallet.address).send()).value).toBe(100_000_000_000n);
    expect(await a.getTokenBalance({ owner: wallet.address, mint: a.usdc.address })).toBe(1_000_000_000n);
    expect(await a.getTokenBalance({ owner: wallet.address, mint: a.token2022.address })).toBe(
      1_000_000_000n,
    );
  });

  test("createMint, createAta and mintTo compose", async () => {
    const local = await createLocalSolana({ wallets: 0 });
    const mint = await local.createMint({ decimals: 9 });
    const owner = (await local.createWallet("someone")).address;
    const ata = await local.createAta({ owner, mint });
    expect((await local.rpc.getTokenAccountBalance(ata).send()).value.amount).toBe("0");
    await local.mintTo({ mint, owner, amount: 1_500_000_000n });
    expect((await local.rpc.getTokenAccountBalance(ata).send()).value.uiAmountString).toBe("1.5");
    await expect(local.createMint({ decimals: 300 })).rejects.toThrow(/decimals/);
  });
});
