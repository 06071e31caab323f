// Token-2022 mints with a TransferFeeConfig withhold part of every transfer from the recipient: a payment of
// the price would credit less than the price. Such mints are refused when an offer is made and, for offers
// made before the fee or elsewhere, at verification (exact and push). Offer amounts beyond u64 are refused too.
import { isPaymuxError, type Offer, X402_REASONS } from "@paymux/core";
import { type Address, generateKeyPairSigner } from "@solana/kit";
import { getMintEncoder } from "@solana-program/token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exactSolanaPayer, pushSolanaPayer } from "../src/client/index.js";
import { SPL_TOKEN_2022_PROGRAM } from "../src/index.js";
import { readTransferFee } from "../src/mint.js";
import { exactSolanaPayee, pushSolanaPayee } from "../src/server/index.js";
import { type Chain, localAssets, payPaymentAuth, payX402, startChain } from "./helpers.js";

type Fee = { basisPoints: number; maximumFee: bigint };

/** Token-2022 mint bytes with a TransferFeeConfig: base mint, padding to 165, account type 1, one TLV entry. */
function feeMintData(mintAuthority: Address, older: Fee, newer: Fee = older): Uint8Array {
  const data = new Uint8Array(166 + 4 + 108);
  data.set(
    getMintEncoder().encode({
      mintAuthority,
      supply: 0n,
      decimals: 6,
      isInitialized: true,
      freezeAuthority: null,
    }),
  );
  const view = new DataView(data.buffer);
  data[165] = 1;
  view.setUint16(166, 1, true); // TransferFeeConfig
  view.setUint16(168, 108, true);
  const put = (at: number, fee: Fee) => {
    view.setBigUint64(170 + at, 0n, true); // epoch
    view.setBigUint64(170 + at + 8, fee.maximumFee, true);
    view.setUint16(170 + at + 16, fee.basisPoints, true);
  };
  put(72, older);
  put(90, newer);
  return data;
}

describe("readTransferFee (account bytes)", () => {
  const authority = "11111111111111111111111111111111" as Address;
  it("no fee, an older fee, a newer (scheduled) fee, a fee capped at zero", () => {
    const none = { basisPoints: 0, maximumFee: 0n };
    expect(readTransferFee(feeMintData(authority, none))).toBeUndefined();
    expect(readTransferFee(feeMintData(authority, { basisPoints: 100, maximumFee: 5n }, none))).toEqual({
      basisPoints: 100,
      maximumFee: 5n,
    });
    expect(readTransferFee(feeMintData(authority, none, { basisPoints: 1, maximumFee: 1n }))).toEqual({
      basisPoints: 1,
      maximumFee: 1n,
    });
    expect(readTransferFee(feeMintData(authority, { basisPoints: 500, maximumFee: 0n }))).toBeUndefined();
  });
  it("plain mints, other account types, truncated and zero-tailed TLV", () => {
    const data = feeMintData(authority, { basisPoints: 100, maximumFee: 5n });
    expect(readTransferFee(data.slice(0, 82))).toBeUndefined();
    expect(readTransferFee(data.slice(0, 200))).toBeUndefined();
    const account = data.slice();
    account[165] = 2;
    expect(readTransferFee(account)).toBeUndefined();
    const zeroTail = new Uint8Array(300);
    zeroTail.set(data.slice(0, 166));
    expect(readTransferFee(zeroTail)).toBeUndefined();
  });
});

describe("transfer-fee mints on the local chain", () => {
  let chain: Chain;
  let payTo: Address;
  let feeMint: Address;
  let zeroFeeMint: Address;

  const writeMint = (address: Address, fee: Fee) => {
    const data = feeMintData(chain.local.mintAuthority.address, fee);
    chain.local.engine.setAccount({
      address,
      lamports: chain.local.engine.svm.minimumBalanceForRentExemption(BigInt(data.length)),
      owner: SPL_TOKEN_2022_PROGRAM,
      data,
    });
  };

  beforeAll(async () => {
    chain = await startChain("in-process");
    payTo = chain.local.wallets[1]!.address;
    feeMint = (await generateKeyPairSigner()).address;
    zeroFeeMint = (await generateKeyPairSigner()).address;
    writeMint(feeMint, { basisPoints: 100, maximumFee: 1_000_000n });
    writeMint(zeroFeeMint, { basisPoints: 0, maximumFee: 0n });
    for (const mint of [feeMint, zeroFeeMint]) {
      await chain.local.mintTo({ mint, owner: chain.local.wallets[0]!.address, amount: 10_000_000n });
      await chain.local.createAta({ owner: payTo, mint });
    }
  });
  afterAll(async () => {
    await chain?.close();
  });

  const price = (mint: Address) => ({ amount: 10_000n, asset: mint });
  const feePayer = () => chain.local.wallets[2]!.signer;

  it("createOffer refuses a mint with a fee (exact and push) and accepts a zero-fee config", async () => {
    const exact = exactSolanaPayee({ rpc: chain.rpc, feePayer: feePayer() });
    const push = pushSolanaPayee({ rpc: chain.rpc });
    for (const payee of [exact, push]) {
      const error = await Promise.resolve(
        payee.createOffer({ price: price(feeMint), network: chain.local.caip2, payTo }),
      ).catch((e: unknown) => e);
      expect(isPaymuxError(error, "CONFIG_INVALID")).toBe(true);
      expect((error as Error).message).toMatch(/transfer fee \(100 bps/);
      const offer = await payee.createOffer({ price: price(zeroFeeMint), network: chain.local.caip2, payTo });
      expect(offer).toMatchObject({ asset: zeroFeeMint, amount: 10_000n });
    }
  });

  it("exact: an offer made anyway (before the fee, or by hand) fails verification with a clear reason", async () => {
    const exact = exactSolanaPayee({ rpc: chain.rpc, feePayer: feePayer() });
    const offer = (await exact.createOffer({
      price: price(zeroFeeMint),
      network: chain.local.caip2,
      payTo,
    })) as Offer;
    const stale: Offer = { ...offer, asset: feeMint };
    const payer = exactSolanaPayer({ signer: chain.local.wallets[0]!.signer, rpc: chain.rpc });
    const { payment } = await payX402(payer, stale);
    const result = await exact.verify(payment, stale, { dialect: "x402-v2" });
    expect(result).toMatchObject({ valid: false, reason: X402_REASONS.invalidPaymentRequirements });
    expect(result.valid || result.message).toMatch(/transfer fee/);
    // The zero-fee Token-2022 mint is a normal payment.
    const good = await payX402(payer, offer);
    expect(await exact.verify(good.payment, offer, { dialect: "x402-v2" })).toMatchObject({ valid: true });
  });

  it("push: a transfer in a fee mint is refused with the same reason, before the chain is asked", async () => {
    const push = pushSolanaPayee({ rpc: chain.rpc, assets: localAssets(chain.local) });
    const offer = (await push.createOffer({
      price: price(zeroFeeMint),
      network: chain.local.caip2,
      payTo,
    })) as Offer;
    const stale: Offer = { ...offer, asset: feeMint };
    const payer = pushSolanaPayer({ signer: chain.local.wallets[0]!.signer, rpc: chain.rpc, intervalMs: 20 });
    const before = await chain.local.getTokenBalance({ owner: payTo, mint: feeMint });
    const { payment, context } = await payPaymentAuth(payer, stale);
    // The fee was withheld: the recipient got 1% less than the price.
    expect((await chain.local.getTokenBalance({ owner: payTo, mint: feeMint })) - before).toBe(9_900n);
    const result = await push.verify(payment, stale, context);
    expect(result).toMatchObject({ valid: false, reason: X402_REASONS.invalidPaymentRequirements });
    expect(result.valid || result.message).toMatch(/transfer fee/);
  });

  it("offer amounts beyond u64 are refused (a client encoding them modulo 2^64 would pay a wrapped amount)", async () => {
    const push = pushSolanaPayee({ rpc: chain.rpc, assets: localAssets(chain.local) });
    for (const asset of [chain.local.usdc.address, "sol"]) {
      for (const amount of [1n << 64n, (1n << 64n) + 1000n]) {
        const error = await Promise.resolve(
          push.createOffer({ price: { amount, asset }, network: chain.local.caip2, payTo }),
        ).catch((e: unknown) => e);
        expect(isPaymuxError(error, "AMOUNT_OUT_OF_RANGE")).toBe(true);
      }
    }
    const max = await push.createOffer({
      price: { amount: (1n << 64n) - 1n, asset: "sol" },
      network: chain.local.caip2,
      payTo,
    });
    expect(max?.amount).toBe((1n << 64n) - 1n);
  });
});
