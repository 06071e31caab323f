import { type Offer, X402_REASONS } from "@paymux/core";
import { type Address, generateKeyPairSigner, type KeyPairSigner } from "@solana/kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exactSolanaPayer } from "../src/client/index.js";
import { exactSolanaPayee } from "../src/server/index.js";
import {
  type Chain,
  lamports,
  localAssets,
  payPaymentAuth,
  payX402,
  startChain,
  TRANSPORTS,
} from "./helpers.js";

describe.each(TRANSPORTS)("exact on the local chain (%s RPC)", (transport) => {
  let chain: Chain;
  let feePayer: KeyPairSigner;
  let payee: ReturnType<typeof exactSolanaPayee>;
  let payer: ReturnType<typeof exactSolanaPayer>;

  beforeAll(async () => {
    chain = await startChain(transport);
    feePayer = await generateKeyPairSigner();
    await chain.local.airdrop(feePayer.address, 1_000_000_000n);
    payee = exactSolanaPayee({ rpc: chain.rpc, feePayer, assets: localAssets(chain.local) });
    payer = exactSolanaPayer({ signer: chain.local.wallets[0]!.signer, rpc: chain.rpc });
  });
  afterAll(async () => {
    await chain?.close();
  });

  const balances = async (mint: string) => {
    const [from, to] = chain.local.wallets;
    return Promise.all([
      chain.local.getTokenBalance({ owner: from!.address, mint: mint as Address }),
      chain.local.getTokenBalance({ owner: to!.address, mint: mint as Address }),
      lamports(chain.rpc, feePayer.address),
    ]);
  };

  it("x402: USDC is paid, verified and settled once; the sponsor pays only the fee", async () => {
    const offer = (await payee.createOffer({
      price: "$0.01",
      network: chain.local.caip2,
      payTo: chain.local.wallets[1]!.address,
    })) as Offer;
    expect(offer.extra).toMatchObject({ feePayer: feePayer.address, decimals: 6 });
    expect(offer.amount).toBe(10_000n);
    const [fromBefore, toBefore, feeBefore] = await balances(chain.local.usdc.address);
    const { payment, context } = await payX402(payer, offer);
    await expect(payee.verify(payment, offer, context)).resolves.toEqual({
      valid: true,
      payer: chain.local.wallets[0]!.address,
    });
    const receipt = await payee.settle(payment, offer, context);
    expect(receipt).toMatchObject({
      success: true,
      network: offer.network,
      payer: chain.local.wallets[0]!.address,
    });
    expect(receipt.transaction).toMatch(/^[1-9A-HJ-NP-Za-km-z]{64,88}$/);
    const [fromAfter, toAfter, feeAfter] = await balances(chain.local.usdc.address);
    expect(fromBefore - fromAfter).toBe(10_000n);
    expect(toAfter - toBefore).toBe(10_000n);
    // Two signatures × 5,000 lamports + the priority fee (20,000 CU × 1 µlamport, rounded up to 1 lamport).
    expect(feeBefore - feeAfter).toBe(10_001n);

    // Settling the same payment again is refused by the duplicate cache and broadcasts nothing.
    const again = await payee.settle(payment, offer, context);
    expect(again).toMatchObject({ success: false, errorReason: X402_REASONS.duplicateSettlement });
    expect((await balances(chain.local.usdc.address))[1]).toBe(toAfter);
  });

  it("IETF pull (sponsored): the credential's transaction pays the externalId memo and settles", async () => {
    const offer = (await payee.createOffer({
      price: { amount: 250_000n, asset: chain.local.usdc.address },
      network: chain.local.caip2,
      payTo: chain.local.wallets[1]!.address,
      extra: { memo: "order-42" },
    })) as Offer;
    const [fromBefore, toBefore] = await balances(chain.local.usdc.address);
    const { payment, context } = await payPaymentAuth(payer, offer);
    expect(payment.payload["type"]).toBe("transaction");
    await expect(payee.verify(payment, offer, context)).resolves.toMatchObject({ valid: true });
    const receipt = await payee.settle(payment, offer, context);
    expect(receipt).toMatchObject({
      success: true,
      challengeId: context.challenge?.id,
      externalId: "order-42",
    });
    const [fromAfter, toAfter] = await balances(chain.local.usdc.address);
    expect(fromBefore - fromAfter).toBe(250_000n);
    expect(toAfter - toBefore).toBe(250_000n);
  });

  it("Token-2022: a TransferChecked through Token-2022 is verified and settled", async () => {
    const offer = (await payee.createOffer({
      price: "0.5 PYX",
      network: chain.local.caip2,
      payTo: chain.local.wallets[1]!.address,
    })) as Offer;
    expect(offer.extra["tokenProgram"]).toBe(chain.local.token2022.tokenProgram);
    const [fromBefore, toBefore] = await balances(chain.local.token2022.address);
    const { payment, context } = await payX402(payer, offer);
    await expect(payee.verify(payment, offer, context)).resolves.toMatchObject({ valid: true });
    await expect(payee.settle(payment, offer, context)).resolves.toMatchObject({ success: true });
    const [fromAfter, toAfter] = await balances(chain.local.token2022.address);
    expect(fromBefore - fromAfter).toBe(500_000n);
    expect(toAfter - toBefore).toBe(500_000n);
  });

  it("IETF pull without a sponsor: the client pays SOL and the fee itself", async () => {
    const selfPaid = exactSolanaPayee({ rpc: chain.rpc, assets: localAssets(chain.local) });
    const offer = (await selfPaid.createOffer({
      price: "0.002 SOL",
      network: chain.local.caip2,
      payTo: chain.local.wallets[2]!.address,
    })) as Offer;
    expect(offer.extra["feePayer"]).toBeUndefined();
    const before = await lamports(chain.rpc, chain.local.wallets[2]!.address);
    const { payment, context } = await payPaymentAuth(payer, offer);
    await expect(selfPaid.verify(payment, offer, context)).resolves.toMatchObject({ valid: true });
    await expect(selfPaid.settle(payment, offer, context)).resolves.toMatchObject({ success: true });
    expect((await lamports(chain.rpc, chain.local.wallets[2]!.address)) - before).toBe(2_000_000n);
    // x402 clients cannot pay an offer without a fee payer: x402 `exact` on Solana is always sponsored.
    await expect(payX402(payer, offer)).rejects.toMatchObject({ reason: X402_REASONS.svmFeePayerMissing });
  });
});
