import { isPaymuxError, type Offer } from "@paymux/core";
import { type Address, generateKeyPairSigner, type KeyPairSigner } from "@solana/kit";
import { Keypair } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exactSolanaPayer, type SolanaSignerSource, toSolanaSigner } from "../src/client/index.js";
import { exactSolanaPayee } from "../src/server/index.js";
import { type Chain, localAssets, payX402, startChain } from "./helpers.js";

let chain: Chain;
let payee: ReturnType<typeof exactSolanaPayee>;
let offer: Offer;

beforeAll(async () => {
  chain = await startChain("in-process");
  const feePayer: KeyPairSigner = await generateKeyPairSigner();
  await chain.local.airdrop(feePayer.address, 1_000_000_000n);
  payee = exactSolanaPayee({ rpc: chain.rpc, feePayer, assets: localAssets(chain.local) });
  offer = (await payee.createOffer({
    price: "$0.03",
    network: chain.local.caip2,
    payTo: chain.local.wallets[1]!.address,
  })) as Offer;
});
afterAll(async () => {
  await chain?.close();
});

/** A web3.js 1.x Keypair holding USDC on the local chain. */
async function fundedKeypair(): Promise<Keypair> {
  const keypair = Keypair.generate();
  const address = keypair.publicKey.toBase58() as Address;
  await chain.local.airdrop(address, 1_000_000_000n);
  await chain.local.mintTo({ mint: chain.local.usdc.address, owner: address, amount: 1_000_000n });
  return keypair;
}

async function paysWith(source: SolanaSignerSource, expected: string) {
  const payer = exactSolanaPayer({ signer: source, rpc: chain.rpc });
  const { payment, context, created } = await payX402(payer, offer);
  expect(created.payer).toBe(expected);
  await expect(payee.verify(payment, offer, context)).resolves.toEqual({ valid: true, payer: expected });
  await expect(payee.settle(payment, offer, context)).resolves.toMatchObject({
    success: true,
    payer: expected,
  });
}

describe("signers: every accepted shape pays", () => {
  it("a kit KeyPairSigner", async () => {
    await paysWith(chain.local.wallets[0]!.signer, chain.local.wallets[0]!.address);
  });

  it("a web3.js 1.x Keypair", async () => {
    const keypair = await fundedKeypair();
    await paysWith(keypair, keypair.publicKey.toBase58());
  });

  it("raw 64-byte secret key bytes", async () => {
    const keypair = await fundedKeypair();
    await paysWith(Uint8Array.from(keypair.secretKey), keypair.publicKey.toBase58());
  });

  it("refuses keys of the wrong length or with mismatched halves, and other values", async () => {
    for (const bad of [
      new Uint8Array(32),
      new Uint8Array(64).fill(1),
      { secretKey: new Uint8Array(10) },
      42,
    ]) {
      const error = await toSolanaSigner(bad as SolanaSignerSource).catch((e: unknown) => e);
      expect(isPaymuxError(error, "CONFIG_INVALID")).toBe(true);
    }
  });
});
