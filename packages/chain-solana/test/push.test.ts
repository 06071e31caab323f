import { type Offer, X402_REASONS } from "@paymux/core";
import type { Address } from "@solana/kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushSolanaPayer } from "../src/client/index.js";
import { pushSolanaPayee } from "../src/server/index.js";
import {
  type Chain,
  lamports,
  localAssets,
  payLegacy,
  payPaymentAuth,
  payX402,
  startChain,
  TRANSPORTS,
} from "./helpers.js";

describe.each(TRANSPORTS)("push on the local chain (%s RPC)", (transport) => {
  let chain: Chain;
  let payee: ReturnType<typeof pushSolanaPayee>;
  let payer: ReturnType<typeof pushSolanaPayer>;
  let payTo: Address;

  beforeAll(async () => {
    chain = await startChain(transport);
    payee = pushSolanaPayee({ rpc: chain.rpc, assets: localAssets(chain.local) });
    payer = pushSolanaPayer({ signer: chain.local.wallets[0]!.signer, rpc: chain.rpc, intervalMs: 20 });
    payTo = chain.local.wallets[1]!.address;
  });
  afterAll(async () => {
    await chain?.close();
  });

  const tokens = (owner: Address, mint: Address) => chain.local.getTokenBalance({ owner, mint });

  it("IETF `signature`: a USDC transfer bound to the challenge by memo verifies and settles", async () => {
    const offer = (await payee.createOffer({ price: "$0.05", network: chain.local.caip2, payTo })) as Offer;
    const mint = chain.local.usdc.address;
    const from = chain.local.wallets[0]!.address;
    const [fromBefore, toBefore] = [await tokens(from, mint), await tokens(payTo, mint)];
    const { payment, context, created } = await payPaymentAuth(payer, offer);
    expect(payment.payload).toEqual({ type: "signature", signature: created.payload["signature"] });
    await expect(payee.verify(payment, offer, context)).resolves.toEqual({ valid: true, payer: from });
    const receipt = await payee.settle(payment, offer, context);
    expect(receipt).toMatchObject({
      success: true,
      transaction: created.payload["signature"],
      payer: from,
      challengeId: context.challenge?.id,
    });
    expect(fromBefore - (await tokens(from, mint))).toBe(50_000n);
    expect((await tokens(payTo, mint)) - toBefore).toBe(50_000n);
  });

  it("legacy Payment-Request: a native SOL transfer verifies by signature and settles", async () => {
    const offer = (await payee.createOffer({
      price: "0.001 SOL",
      network: chain.local.caip2,
      payTo,
    })) as Offer;
    expect(offer).toMatchObject({ asset: "sol", amount: 1_000_000n, extra: {} });
    const before = await lamports(chain.rpc, payTo);
    const { payment, context } = await payLegacy(payer, offer);
    expect(payment.dialect).toBe("payment-request");
    await expect(payee.verify(payment, offer, context)).resolves.toMatchObject({ valid: true });
    await expect(payee.settle(payment, offer, context)).resolves.toMatchObject({ success: true });
    expect((await lamports(chain.rpc, payTo)) - before).toBe(1_000_000n);
  });

  it("x402 form: a Token-2022 transfer with the offer's memo verifies", async () => {
    const offer = (await payee.createOffer({
      price: { amount: 42n, asset: chain.local.token2022.address },
      network: chain.local.caip2,
      payTo,
      extra: { memo: "invoice-7" },
    })) as Offer;
    const before = await tokens(payTo, chain.local.token2022.address);
    const { payment, context } = await payX402(payer, offer);
    await expect(payee.verify(payment, offer, context)).resolves.toMatchObject({ valid: true });
    await expect(payee.settle(payment, offer, context)).resolves.toMatchObject({ success: true });
    expect((await tokens(payTo, chain.local.token2022.address)) - before).toBe(42n);
  });
});

describe("push rejections", () => {
  let chain: Chain;
  let payee: ReturnType<typeof pushSolanaPayee>;
  let payer: ReturnType<typeof pushSolanaPayer>;
  let offer: Offer;
  let paid: Awaited<ReturnType<typeof payPaymentAuth>>;

  beforeAll(async () => {
    chain = await startChain("in-process");
    payee = pushSolanaPayee({ rpc: chain.rpc, assets: localAssets(chain.local) });
    payer = pushSolanaPayer({ signer: chain.local.wallets[0]!.signer, rpc: chain.rpc, intervalMs: 20 });
    offer = (await payee.createOffer({
      price: "$0.02",
      network: chain.local.caip2,
      payTo: chain.local.wallets[1]!.address,
    })) as Offer;
    paid = await payPaymentAuth(payer, offer);
  });
  afterAll(async () => {
    await chain?.close();
  });

  it("a reused signature has the same replay key, so the server's store refuses it; verify itself is stateless", async () => {
    const store = new Set<string>();
    const claim = (keys: readonly string[]) => keys.every((key) => !store.has(key) && store.add(key));
    const first = payee.replayKeys(paid.payment, offer, paid.context);
    expect(first).toEqual([`svm:sig:${paid.created.payload["signature"]}`]);
    expect(claim(first)).toBe(true);
    // The same signature presented again (even in another dialect) yields the same key and loses the claim.
    const { payment: again } = await payX402(
      { scheme: "push", networks: ["solana:*"], createPayload: async () => paid.created },
      offer,
    );
    expect(claim(payee.replayKeys(again, offer, paid.context))).toBe(false);
    // Verification reads the chain and holds no state: it stays valid, by design, for the store to decide.
    await expect(payee.verify(paid.payment, offer, paid.context)).resolves.toMatchObject({ valid: true });
  });

  it("a transfer bound by memo to another challenge is refused", async () => {
    const other = { ...paid.context, challenge: { id: "another-challenge-id", realm: "api.test" } };
    await expect(payee.verify(paid.payment, offer, other)).resolves.toMatchObject({
      valid: false,
      reason: X402_REASONS.svmMemoMismatch,
    });
  });

  it("a transfer smaller than the offer is refused", async () => {
    await expect(
      payee.verify(paid.payment, { ...offer, amount: offer.amount + 1n }, paid.context),
    ).resolves.toMatchObject({
      valid: false,
      reason: X402_REASONS.svmAmountMismatch,
    });
  });

  it("a transfer to someone else is refused", async () => {
    const elsewhere = { ...offer, payTo: chain.local.wallets[2]!.address };
    await expect(payee.verify(paid.payment, elsewhere, paid.context)).resolves.toMatchObject({
      valid: false,
      reason: X402_REASONS.svmRecipientMismatch,
    });
  });

  it("a transfer older than the offer window is refused", async () => {
    const later = { ...paid.context, now: () => Date.now() + (offer.maxTimeoutSeconds + 5) * 1000 };
    await expect(payee.verify(paid.payment, offer, later)).resolves.toMatchObject({
      valid: false,
      reason: X402_REASONS.invalidTransactionState,
    });
  });

  it("an unknown signature and a malformed one are refused", async () => {
    const unknown = { ...paid.payment, payload: { type: "signature", signature: "1".repeat(64) } };
    await expect(payee.verify(unknown, offer, paid.context)).resolves.toMatchObject({
      valid: false,
      reason: X402_REASONS.invalidTransactionState,
    });
    const malformed = { ...paid.payment, payload: { type: "signature", signature: "not-base58!" } };
    await expect(payee.verify(malformed, offer, paid.context)).resolves.toMatchObject({
      valid: false,
      reason: X402_REASONS.invalidPayload,
    });
  });
});
