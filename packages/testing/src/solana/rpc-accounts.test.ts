import { SOLANA_LOCALNET } from "@paymux/core";
import {
  address,
  appendTransactionMessageInstruction,
  compileTransactionMessage,
  createTransactionMessage,
  generateKeyPairSigner,
  getBase64Decoder,
  getCompiledTransactionMessageEncoder,
  lamports,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  type TransactionMessageBytesBase64,
} from "@solana/kit";
import { getTransferSolInstruction } from "@solana-program/system";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fromBase58, fromBase64 } from "./bytes.js";
import { PAYMUX_LOCALNET_GENESIS_HASH, TOKEN_2022_PROGRAM, TOKEN_PROGRAM } from "./constants.js";
import { type ChainUnderTest, latestLifetime, openChain, request, TRANSPORTS } from "./test-helpers.js";

describe.each(TRANSPORTS)("accounts and cluster methods over the %s transport", (transport) => {
  let chain: ChainUnderTest;
  beforeAll(async () => {
    chain = await openChain(transport, { wallets: 2 });
  });
  afterAll(() => chain.close());

  test("getAccountInfo in base64, base58, legacy binary and jsonParsed", async () => {
    const { rpc, local } = chain;
    const wallet = local.wallets[0]!;
    const b64 = await rpc.getAccountInfo(wallet.usdcAta, { encoding: "base64" }).send();
    expect(b64.value?.owner).toBe(TOKEN_PROGRAM);
    expect(b64.value?.space).toBe(165n);
    expect((b64.value as unknown as { rentEpoch: bigint }).rentEpoch).toBe(18_446_744_073_709_551_615n);
    expect(fromBase64(b64.value!.data[0]).length).toBe(165);

    const sliced = await rpc
      .getAccountInfo(wallet.usdcAta, { encoding: "base58", dataSlice: { offset: 32, length: 32 } })
      .send();
    expect(sliced.value?.data).toEqual([wallet.address, "base58"]);
    const tooLong = (await chain.raw(
      request("getAccountInfo", [wallet.usdcAta, { encoding: "base58" }]),
    )) as {
      error: { code: number; message: string };
    };
    expect(tooLong.error.code).toBe(-32600);
    const system = (await chain.raw(request("getAccountInfo", [wallet.address]))) as {
      result: { value: { data: string } };
    };
    expect(system.result.value.data).toBe("");

    const mint = await rpc.getAccountInfo(local.usdc.address, { encoding: "jsonParsed" }).send();
    expect(mint.value?.data).toMatchObject({
      program: "spl-token",
      space: 82n,
      parsed: {
        type: "mint",
        info: { decimals: 6, isInitialized: true, mintAuthority: local.mintAuthority.address },
      },
    });
    const token = await rpc.getAccountInfo(wallet.usdcAta, { encoding: "jsonParsed" }).send();
    expect(token.value?.data).toMatchObject({
      program: "spl-token",
      parsed: {
        type: "account",
        info: {
          owner: wallet.address,
          mint: local.usdc.address,
          state: "initialized",
          isNative: false,
          tokenAmount: { amount: "1000000000", decimals: 6, uiAmount: 1000, uiAmountString: "1000" },
        },
      },
    });
    // jsonParsed without a parser falls back to base64.
    const plain = await rpc.getAccountInfo(wallet.address, { encoding: "jsonParsed" }).send();
    expect(plain.value?.data).toEqual(["", "base64"]);
    const missing = await rpc
      .getAccountInfo((await generateKeyPairSigner()).address, { encoding: "base64" })
      .send();
    expect(missing.value).toBeNull();
  });

  test("getMultipleAccounts, getTokenAccountsByOwner, getTokenAccountBalance and getTokenSupply", async () => {
    const { rpc, local } = chain;
    const wallet = local.wallets[1]!;
    const nobody = (await generateKeyPairSigner()).address;
    const many = await rpc
      .getMultipleAccounts([wallet.address, nobody, wallet.usdcAta], { encoding: "base64" })
      .send();
    expect(many.value.map((a) => a?.owner ?? null)).toEqual([
      address("11111111111111111111111111111111"),
      null,
      TOKEN_PROGRAM,
    ]);

    const byMint = await rpc
      .getTokenAccountsByOwner(wallet.address, { mint: local.usdc.address }, { encoding: "jsonParsed" })
      .send();
    expect(byMint.value.map((entry) => entry.pubkey)).toEqual([wallet.usdcAta]);
    const byProgram = await rpc
      .getTokenAccountsByOwner(wallet.address, { programId: TOKEN_2022_PROGRAM }, { encoding: "base64" })
      .send();
    expect(byProgram.value.map((entry) => entry.pubkey)).toEqual([wallet.token2022Ata]);
    const none = await rpc
      .getTokenAccountsByOwner(nobody, { programId: TOKEN_PROGRAM }, { encoding: "base64" })
      .send();
    expect(none.value).toEqual([]);

    const balance = await rpc.getTokenAccountBalance(wallet.usdcAta).send();
    expect(balance.value).toEqual({
      amount: "1000000000",
      decimals: 6,
      uiAmount: 1000,
      uiAmountString: "1000",
    });
    const notToken = (await chain.raw(request("getTokenAccountBalance", [wallet.address]))) as {
      error: { message: string };
    };
    expect(notToken.error.message).toBe("Invalid param: not a Token account");
    const supply = await rpc.getTokenSupply(local.usdc.address).send();
    expect(supply.value.amount).toBe(String(2n * 1_000_000_000n));
  });

  test("cluster methods report one consistent chain", async () => {
    const { rpc, local } = chain;
    expect(await rpc.getGenesisHash().send()).toBe(PAYMUX_LOCALNET_GENESIS_HASH);
    expect(local.caip2).toBe(SOLANA_LOCALNET);
    expect(await rpc.getHealth().send()).toBe("ok");
    expect((await rpc.getVersion().send())["solana-core"]).toMatch(/^\d+\.\d+\.\d+$/);
    const slot = await rpc.getSlot().send();
    expect(await rpc.getBlockHeight().send()).toBe(slot);
    const epoch = await rpc.getEpochInfo().send();
    expect(epoch.absoluteSlot).toBe(slot);
    expect(epoch.slotIndex).toBeLessThan(epoch.slotsInEpoch);
    expect(epoch.transactionCount).toBeGreaterThan(0n);
    expect(await rpc.getMinimumBalanceForRentExemption(165n).send()).toBe(2_039_280n);
    const latest = await latestLifetime(rpc);
    expect(latest.lastValidBlockHeight).toBe(slot + 150n);
    expect((await rpc.isBlockhashValid(latest.blockhash).send()).value).toBe(true);
    expect(fromBase58(latest.blockhash).length).toBe(32);

    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayer(local.payer.address, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash(latest, m),
      (m) =>
        appendTransactionMessageInstruction(
          getTransferSolInstruction({
            source: local.payer,
            destination: local.wallets[0]!.address,
            amount: lamports(1n),
          }),
          m,
        ),
    );
    const bytes = getCompiledTransactionMessageEncoder().encode(compileTransactionMessage(message));
    const encoded = getBase64Decoder().decode(bytes) as TransactionMessageBytesBase64;
    expect((await rpc.getFeeForMessage(encoded).send()).value).toBe(5000n);
    local.engine.expireBlockhash();
    expect((await rpc.getFeeForMessage(encoded).send()).value).toBeNull();
  });
});
