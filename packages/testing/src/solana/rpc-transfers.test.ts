import { address, generateKeyPairSigner, lamports, type Signature } from "@solana/kit";
import { getTransferSolInstruction } from "@solana-program/system";
import { getTransferCheckedInstruction, TOKEN_PROGRAM_ADDRESS } from "@solana-program/token";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TOKEN_2022_PROGRAM } from "./constants.js";
import { waitForSignature } from "./send.js";
import {
  type ChainUnderTest,
  latestLifetime,
  openChain,
  signedWire,
  solTransfer,
  TRANSPORTS,
} from "./test-helpers.js";

describe.each(TRANSPORTS)("transfers over the %s transport", (transport) => {
  let chain: ChainUnderTest;
  beforeAll(async () => {
    chain = await openChain(transport);
  });
  afterAll(() => chain.close());

  test("requestAirdrop lands a faucet transfer and getBalance reports it", async () => {
    const { rpc } = chain;
    const { address } = await generateKeyPairSigner();
    expect((await rpc.getBalance(address).send()).value).toBe(0n);
    const signature = await rpc.requestAirdrop(address, lamports(2_000_000_000n)).send();
    await waitForSignature(rpc, signature);
    const balance = await rpc.getBalance(address).send();
    expect(balance.value).toBe(2_000_000_000n);
    expect(balance.context.slot).toBeGreaterThan(0n);
    const tx = await rpc
      .getTransaction(signature, { encoding: "json", maxSupportedTransactionVersion: 0 })
      .send();
    expect(tx?.meta?.err).toBeNull();
    expect(tx?.version).toBe("legacy");
    expect(tx?.transaction.message.accountKeys[1]).toBe(address);
  });

  test("a kit-built SOL transfer lands, with balances, fee and statuses", async () => {
    const { rpc, local } = chain;
    const [from, to] = local.wallets;
    const before = (await rpc.getBalance(to!.address).send()).value;
    const wire = await solTransfer(from!.signer, to!.address, 12_345n, await latestLifetime(rpc));
    const signature = await rpc.sendTransaction(wire, { encoding: "base64" }).send();
    await waitForSignature(rpc, signature);
    expect((await rpc.getBalance(to!.address).send()).value).toBe(before + 12_345n);

    const statuses = await rpc.getSignatureStatuses([signature, "1".repeat(64) as Signature]).send();
    expect(statuses.value[0]).toMatchObject({
      err: null,
      confirmationStatus: "finalized",
      status: { Ok: null },
    });
    expect(statuses.value[1]).toBeNull();

    const tx = await rpc
      .getTransaction(signature, { encoding: "json", maxSupportedTransactionVersion: 0 })
      .send();
    expect(tx).not.toBeNull();
    const meta = tx!.meta!;
    expect(meta.fee).toBe(5000n);
    expect(meta.preBalances[0]! - meta.postBalances[0]!).toBe(12_345n + 5000n);
    expect(meta.postBalances[1]! - meta.preBalances[1]!).toBe(12_345n);
    expect(meta.logMessages).toContain("Program 11111111111111111111111111111111 success");
    expect(meta.computeUnitsConsumed).toBeGreaterThan(0n);
    expect(meta.loadedAddresses).toEqual({ writable: [], readonly: [] });
    expect(tx!.version).toBe(0);
    expect(tx!.blockTime).toBeGreaterThan(1_600_000_000n);
    expect(tx!.transaction.message.header).toEqual({
      numRequiredSignatures: 1,
      numReadonlySignedAccounts: 0,
      numReadonlyUnsignedAccounts: 1,
    });
    expect(tx!.transaction.signatures[0]).toBe(signature);
    const base64 = await rpc
      .getTransaction(signature, { encoding: "base64", maxSupportedTransactionVersion: 0 })
      .send();
    expect(base64!.transaction).toEqual([wire, "base64"]);
  });

  test("a priority fee is charged and reported exactly (meta.fee = the payer's debit)", async () => {
    const { rpc, local } = chain;
    const [from, to] = local.wallets;
    const computeBudget = address("ComputeBudget111111111111111111111111111111");
    // SetComputeUnitLimit 20,000 and SetComputeUnitPrice 1,000,000 µlamports → 20,000 lamports priority fee.
    const limit = { programAddress: computeBudget, data: new Uint8Array([2, 0x20, 0x4e, 0, 0]) };
    const price = {
      programAddress: computeBudget,
      data: new Uint8Array([3, 0x40, 0x42, 0x0f, 0, 0, 0, 0, 0]),
    };
    const transfer = getTransferSolInstruction({
      source: from!.signer,
      destination: to!.address,
      amount: 777n,
    });
    const signature = await local.send([limit, price, transfer], { feePayer: from!.signer });
    const tx = await rpc
      .getTransaction(signature, { encoding: "json", maxSupportedTransactionVersion: 0 })
      .send();
    const meta = tx!.meta!;
    expect(meta.fee).toBe(5000n + 20_000n);
    expect(meta.preBalances[0]! - meta.postBalances[0]!).toBe(777n + meta.fee);
  });

  test("SPL TransferChecked between ATAs shows token balances and the fee in getTransaction", async () => {
    const { rpc, local } = chain;
    const [from, to] = local.wallets;
    const mint = local.usdc.address;
    const fromBefore = await local.getTokenBalance({ owner: from!.address, mint });
    const toBefore = await local.getTokenBalance({ owner: to!.address, mint });
    const instruction = getTransferCheckedInstruction({
      source: from!.usdcAta,
      mint,
      destination: to!.usdcAta,
      authority: from!.signer,
      amount: 2_500_000n,
      decimals: 6,
    });
    const wire = await signedWire(from!.signer, [instruction], await latestLifetime(rpc));
    const signature = await rpc.sendTransaction(wire, { encoding: "base64" }).send();
    await waitForSignature(rpc, signature);
    expect(await local.getTokenBalance({ owner: to!.address, mint })).toBe(toBefore + 2_500_000n);
    const balance = await rpc.getTokenAccountBalance(to!.usdcAta).send();
    expect(balance.value.amount).toBe((toBefore + 2_500_000n).toString());

    const tx = await rpc
      .getTransaction(signature, { encoding: "json", maxSupportedTransactionVersion: 0 })
      .send();
    const meta = tx!.meta!;
    expect(meta.err).toBeNull();
    expect(meta.fee).toBe(5000n);
    const keys = tx!.transaction.message.accountKeys;
    const entry = (list: typeof meta.preTokenBalances, owner: string) => list?.find((b) => b.owner === owner);
    const fromPre = entry(meta.preTokenBalances, from!.address)!;
    expect(keys[fromPre.accountIndex]).toBe(from!.usdcAta);
    expect(fromPre).toMatchObject({ mint, programId: TOKEN_PROGRAM_ADDRESS });
    expect(fromPre.uiTokenAmount.amount).toBe(fromBefore.toString());
    expect(fromPre.uiTokenAmount.decimals).toBe(6);
    expect(entry(meta.postTokenBalances, from!.address)!.uiTokenAmount.amount).toBe(
      (fromBefore - 2_500_000n).toString(),
    );
    const toPost = entry(meta.postTokenBalances, to!.address)!;
    expect(toPost.uiTokenAmount.amount).toBe((toBefore + 2_500_000n).toString());
    expect(toPost.uiTokenAmount.uiAmountString).toBe(((Number(toBefore) + 2_500_000) / 1e6).toString());

    const parsed = await rpc
      .getTransaction(signature, { encoding: "jsonParsed", maxSupportedTransactionVersion: 0 })
      .send();
    const ix = parsed!.transaction.message.instructions[0] as {
      parsed?: { type: string; info: Record<string, unknown> };
    };
    expect(ix.parsed?.type).toBe("transferChecked");
    expect(ix.parsed?.info).toMatchObject({
      source: from!.usdcAta,
      destination: to!.usdcAta,
      authority: from!.address,
    });
  });

  test("a Token-2022 TransferChecked moves tokens and reports the Token-2022 program", async () => {
    const { rpc, local } = chain;
    const [from, , to] = local.wallets;
    const mint = local.token2022.address;
    const toBefore = await local.getTokenBalance({ owner: to!.address, mint });
    const instruction = getTransferCheckedInstruction(
      {
        source: from!.token2022Ata,
        mint,
        destination: to!.token2022Ata,
        authority: from!.signer,
        amount: 7n,
        decimals: 6,
      },
      { programAddress: TOKEN_2022_PROGRAM as typeof TOKEN_PROGRAM_ADDRESS },
    );
    const signature = await local.send([instruction], { feePayer: from!.signer });
    expect(await local.getTokenBalance({ owner: to!.address, mint })).toBe(toBefore + 7n);
    const tx = await rpc
      .getTransaction(signature, { encoding: "json", maxSupportedTransactionVersion: 0 })
      .send();
    expect(tx!.meta!.postTokenBalances!.every((b) => b.programId === TOKEN_2022_PROGRAM)).toBe(true);
    const account = await rpc.getAccountInfo(to!.token2022Ata, { encoding: "jsonParsed" }).send();
    const data = account.value!.data as { program: string; parsed: { info: { extensions?: unknown[] } } };
    expect(data.program).toBe("spl-token-2022");
    expect(data.parsed.info.extensions).toEqual([{ extension: "immutableOwner" }]);
  });
});
