import { X402_REASONS } from "@paymux/core";
import { type LocalEvmChain, startLocalEvmChain } from "@paymux/testing/evm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exactEvmPayer } from "../src/client/index.js";
import { exactEvmPayee } from "../src/server/index.js";
import { balanceOf, localUsdc, payPaymentAuth, payX402 } from "./helpers.js";

let local: LocalEvmChain;
let payee: ReturnType<typeof exactEvmPayee>;
let payer: ReturnType<typeof exactEvmPayer>;

beforeAll(async () => {
  local = await startLocalEvmChain();
  payee = exactEvmPayee({
    clients: { [local.caip2]: local.publicClient },
    settler: local.settler,
    assets: [localUsdc(local)],
  });
  payer = exactEvmPayer({ signer: local.payer, assets: [localUsdc(local)] });
});
afterAll(async () => {
  await local?.stop();
});

async function offer(price = "$0.01") {
  const made = await payee.createOffer({ price, network: local.caip2, payTo: local.payee.address });
  if (!made) throw new Error("no offer");
  return made;
}

describe("exact on a local anvil", () => {
  it("offers USDC for a dollar price, with the token's EIP-712 domain in extra", async () => {
    const made = await offer("$0.25");
    expect(made).toMatchObject({
      scheme: "exact",
      network: local.caip2,
      asset: local.usdc.address,
      amount: 250_000n,
      payTo: local.payee.address,
      maxTimeoutSeconds: 60,
      extra: { name: "USDC", version: "2" },
    });
    expect(
      await payee.createOffer({ price: "$0.01", network: "eip155:8453", payTo: local.payee.address }),
    ).toBe(undefined);
  });

  it("refuses a token without a known EIP-712 domain", () => {
    expect(() =>
      payee.createOffer({
        price: { amount: 5n, asset: "0x0000000000000000000000000000000000000bad" },
        network: local.caip2,
        payTo: local.payee.address,
      }),
    ).toThrowError(expect.objectContaining({ code: "ASSET_UNKNOWN" }));
  });

  it("x402 v2: pay → verify → settle moves exactly the offered amount", async () => {
    const made = await offer("$0.01");
    const payerBefore = await balanceOf(local, local.payer.address);
    const payeeBefore = await balanceOf(local, local.payee.address);

    const { payment, context, created } = await payX402(payer, made);
    expect(created.payer).toBe(local.payer.address);
    expect(payment.payload).toMatchObject({
      authorization: { from: local.payer.address, to: local.payee.address, value: "10000" },
    });
    expect(await payee.verify(payment, made, context)).toEqual({ valid: true, payer: local.payer.address });
    const receipt = await payee.settle(payment, made, context);
    expect(receipt).toMatchObject({ success: true, network: local.caip2, payer: local.payer.address });
    expect(receipt.transaction).toMatch(/^0x[0-9a-f]{64}$/);

    expect(await balanceOf(local, local.payer.address)).toBe(payerBefore - 10_000n);
    expect(await balanceOf(local, local.payee.address)).toBe(payeeBefore + 10_000n);
  });

  it("IETF Payment authorization: pay → verify → settle moves exactly the offered amount", async () => {
    const made = await offer("$0.02");
    const payerBefore = await balanceOf(local, local.payer.address);
    const payeeBefore = await balanceOf(local, local.payee.address);

    const { payment, context, credential } = await payPaymentAuth(payer, made, local.chainId);
    expect(credential.payload).toMatchObject({ type: "authorization", validAfter: "0", value: "20000" });
    expect(credential.source).toBe(`did:pkh:eip155:${local.chainId}:${local.payer.address}`);
    expect(await payee.verify(payment, made, context)).toEqual({ valid: true, payer: local.payer.address });
    const receipt = await payee.settle(payment, made, context);
    expect(receipt).toMatchObject({
      success: true,
      challengeId: context.challenge?.id,
      payer: local.payer.address,
    });

    expect(await balanceOf(local, local.payer.address)).toBe(payerBefore - 20_000n);
    expect(await balanceOf(local, local.payee.address)).toBe(payeeBefore + 20_000n);
  });

  it("settling the same authorization twice moves funds once", async () => {
    const made = await offer("$0.03");
    const { payment, context } = await payX402(payer, made);
    const payeeBefore = await balanceOf(local, local.payee.address);
    expect((await payee.settle(payment, made, context)).success).toBe(true);
    const second = await payee.settle(payment, made, context);
    expect(second).toMatchObject({
      success: false,
      errorReason: X402_REASONS.evmNonceAlreadyUsed,
      transaction: "",
    });
    // Verification after settlement sees the spent nonce too (simulation + authorizationState read-back).
    expect(await payee.verify(payment, made, context)).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmNonceAlreadyUsed,
    });
    expect(await balanceOf(local, local.payee.address)).toBe(payeeBefore + 30_000n);
  });

  it("two concurrent settlements of one authorization: one succeeds, one reports the used nonce", async () => {
    const made = await offer("$0.04");
    const { payment, context } = await payX402(payer, made);
    const payeeBefore = await balanceOf(local, local.payee.address);
    const results = await Promise.all([
      payee.settle(payment, made, context),
      payee.settle(payment, made, context),
    ]);
    expect(results.filter((receipt) => receipt.success)).toHaveLength(1);
    expect(results.find((receipt) => !receipt.success)?.errorReason).toBe(X402_REASONS.evmNonceAlreadyUsed);
    expect(await balanceOf(local, local.payee.address)).toBe(payeeBefore + 40_000n);
  });

  it("settles from a WalletClient settler too, and a verify-only payee refuses to settle", async () => {
    const withWallet = exactEvmPayee({
      clients: { [local.caip2]: local.publicClient },
      settler: local.walletClients.settler,
      assets: [localUsdc(local)],
    });
    const made = await offer("$0.05");
    const { payment, context } = await payX402(payer, made);
    expect(await withWallet.settle(payment, made, context)).toMatchObject({ success: true });
    const verifyOnly = exactEvmPayee({
      clients: { [local.caip2]: local.publicClient },
      assets: [localUsdc(local)],
    });
    const next = await payX402(payer, made);
    expect((await verifyOnly.verify(next.payment, made, next.context)).valid).toBe(true);
    await expect(verifyOnly.settle(next.payment, made, next.context)).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });
  });

  it("gives one replay key per (chain, token, payer, nonce)", async () => {
    const made = await offer();
    const { payment, context } = await payX402(payer, made);
    const keys = payee.replayKeys(payment, made, context);
    const nonce = (payment.payload["authorization"] as { nonce: string }).nonce;
    expect(keys).toEqual([
      `evm:exact:${local.chainId}:${local.usdc.address.toLowerCase()}:${local.payer.address.toLowerCase()}:${nonce}`,
    ]);
    expect(payee.signers?.(local.caip2)).toEqual([local.settler.address]);
  });

  it("measures verify and settle on anvil", async () => {
    const made = await offer("$0.001");
    const noSimulation = exactEvmPayee({
      clients: { [local.caip2]: local.publicClient },
      settler: local.settler,
      assets: [localUsdc(local)],
      simulate: false,
    });
    const runs = 20;
    const total = { verify: 0, verifyNoSim: 0, settle: 0 };
    for (let run = 0; run < runs; run++) {
      const { payment, context } = await payX402(payer, made);
      let start = performance.now();
      expect((await noSimulation.verify(payment, made, context)).valid).toBe(true);
      total.verifyNoSim += performance.now() - start;
      start = performance.now();
      expect((await payee.verify(payment, made, context)).valid).toBe(true);
      total.verify += performance.now() - start;
      start = performance.now();
      expect((await payee.settle(payment, made, context)).success).toBe(true);
      total.settle += performance.now() - start;
    }
    const mean = (ms: number) => (ms / runs).toFixed(1);
    console.info(
      `[chain-evm timing] verify ${mean(total.verify)} ms (with eth_call simulation), ` +
        `${mean(total.verifyNoSim)} ms (signature and rules only), settle ${mean(total.settle)} ms; mean of ${runs} on anvil`,
    );
  });
});
