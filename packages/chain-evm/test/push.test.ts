import { type Offer, type Payment, X402_REASONS } from "@paymux/core";
import { type LocalEvmChain, startLocalEvmChain } from "@paymux/testing/evm";
import { type Address, getAddress, type Hash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eip3009Abi } from "../src/abi.js";
import { pushEvmPayer } from "../src/client/index.js";
import { pushEvmPayee } from "../src/server/index.js";
import { balanceOf, localUsdc, payPaymentAuth, payX402, withPayload } from "./helpers.js";

let local: LocalEvmChain;
let payee: ReturnType<typeof pushEvmPayee>;
let payer: ReturnType<typeof pushEvmPayer>;
let made: Offer;
const stranger = privateKeyToAccount(generatePrivateKey()).address;

beforeAll(async () => {
  local = await startLocalEvmChain();
  payee = pushEvmPayee({ clients: { [local.caip2]: local.publicClient }, assets: [localUsdc(local)] });
  payer = pushEvmPayer({ walletClient: local.walletClients.payer, publicClient: local.publicClient });
  made = (await payee.createOffer({
    price: "$0.07",
    network: local.caip2,
    payTo: local.payee.address,
  })) as Offer;
});
afterAll(async () => {
  await local?.stop();
});

/** Sends a USDC transfer from the payer as a hand-rolled client would, and returns a push payment for it. */
async function transfer(to: Address, amount: bigint, gas?: bigint): Promise<Hash> {
  const hash = await local.walletClients.payer.writeContract({
    address: local.usdc.address,
    abi: eip3009Abi,
    functionName: "transfer",
    args: [to, amount],
    ...(gas === undefined ? {} : { gas }),
  });
  await local.publicClient.waitForTransactionReceipt({ hash });
  return hash;
}

/** The x402 v2 payment a client would send for an already-broadcast transfer. */
async function pushPayment(hash: Hash): Promise<Payment> {
  const sent = {
    scheme: "push",
    networks: ["eip155:*"],
    createPayload: async () => ({ payload: { hash }, payer: "" }),
  };
  return (await payX402(sent, made)).payment;
}

describe("push (IETF `hash`) on a local anvil", () => {
  it("IETF: a real transfer by the payer verifies and settles with its hash, moving exactly the amount", async () => {
    const payerBefore = await balanceOf(local, local.payer.address);
    const payeeBefore = await balanceOf(local, local.payee.address);
    const { payment, context, credential } = await payPaymentAuth(payer, made, local.chainId, {
      source: false,
    });
    expect(credential.payload).toMatchObject({
      type: "hash",
      hash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
    });
    expect(await payee.verify(payment, made, context)).toEqual({ valid: true, payer: local.payer.address });
    const receipt = await payee.settle(payment, made, context);
    expect(receipt).toMatchObject({
      success: true,
      transaction: credential.payload["hash"],
      payer: local.payer.address,
      challengeId: context.challenge?.id,
    });
    expect(await balanceOf(local, local.payer.address)).toBe(payerBefore - 70_000n);
    expect(await balanceOf(local, local.payee.address)).toBe(payeeBefore + 70_000n);
  });

  it("x402 form: the same scheme with a `{ hash }` payload", async () => {
    const { payment, context } = await payX402(payer, made);
    expect(await payee.verify(payment, made, context)).toEqual({ valid: true, payer: local.payer.address });
  });

  it("reused hash: one replay key per transaction, whatever the spelling, so a store refuses the second claim", async () => {
    const hash = await transfer(getAddress(local.payee.address), made.amount);
    const first = await pushPayment(hash);
    const again = withPayload(first, () => ({ hash: hash.toUpperCase().replace("0X", "0x") }));
    const [key] = payee.replayKeys(first, made, { dialect: "x402-v2" });
    expect(key).toBe(`evm:hash:${local.chainId}:${hash}`);
    expect(payee.replayKeys(again, made, { dialect: "x402-v2" })).toEqual([key]);
    const claimed = new Set<string>();
    const claim = (payment: Payment) =>
      payee.replayKeys(payment, made, { dialect: "x402-v2" }).every((k) => !claimed.has(k) && claimed.add(k));
    expect(claim(first)).toBe(true);
    expect(claim(again)).toBe(false);
  });

  it("wrong amount", async () => {
    const hash = await transfer(local.payee.address, made.amount - 1n);
    expect(await payee.verify(await pushPayment(hash), made, { dialect: "x402-v2" })).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmValue,
    });
  });

  it("wrong recipient", async () => {
    const hash = await transfer(stranger, made.amount);
    expect(await payee.verify(await pushPayment(hash), made, { dialect: "x402-v2" })).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmRecipientMismatch,
    });
  });

  it("stale block: a transfer older than the offer window cannot be reused", async () => {
    const hash = await transfer(local.payee.address, made.amount);
    const later = pushEvmPayee({
      clients: { [local.caip2]: local.publicClient },
      assets: [localUsdc(local)],
      now: () => Date.now() + (made.maxTimeoutSeconds + 30) * 1000,
    });
    expect(await later.verify(await pushPayment(hash), made, { dialect: "x402-v2" })).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmValidBefore,
      payer: local.payer.address,
    });
  });

  it("no token transfer, a reverted transaction, or an unknown hash", async () => {
    const plain = await local.walletClients.payer.sendTransaction({ to: local.payee.address, value: 1n });
    await local.publicClient.waitForTransactionReceipt({ hash: plain });
    expect(await payee.verify(await pushPayment(plain), made, { dialect: "x402-v2" })).toMatchObject({
      reason: X402_REASONS.evmTransferEventMismatch,
    });
    // Explicit gas skips estimation, so the over-balance transfer is mined and reverts.
    const reverted = await transfer(local.payee.address, 10n ** 30n, 100_000n);
    expect(await payee.verify(await pushPayment(reverted), made, { dialect: "x402-v2" })).toMatchObject({
      reason: X402_REASONS.invalidTransactionState,
    });
    const unknown = `0x${"ab".repeat(32)}` as Hash;
    expect(await payee.verify(await pushPayment(unknown), made, { dialect: "x402-v2" })).toMatchObject({
      reason: X402_REASONS.invalidTransactionState,
    });
  });
});
