import { BASE, BASE_SEPOLIA, type Offer } from "@paymux/core";
import { createWalletClient, http, recoverTypedDataAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { transferWithAuthorizationTypedData } from "../eip3009.js";
import { exactEvmPayer } from "./exact-payer.js";
import { type EvmSignerSource, toEvmSigner } from "./signer.js";

const account = privateKeyToAccount(generatePrivateKey());
const offer: Offer = {
  scheme: "exact",
  network: BASE,
  asset: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
  amount: 10_000n,
  payTo: "0x209693bc6afc0c5328ba36faf03c514ef312287c",
  maxTimeoutSeconds: 60,
  extra: { name: "USD Coin", version: "2" },
};
const NOW = 1_740_672_100_000;

describe("exactEvmPayer (no chain needed)", () => {
  it("x402: signs as the reference client does (validAfter now−600, validBefore now+timeout, checksummed to)", async () => {
    const payer = exactEvmPayer({ signer: account, now: () => NOW });
    const { payload, payer: from } = await payer.createPayload(offer, { dialect: "x402-v2" });
    const authorization = payload["authorization"] as Record<string, string>;
    expect(authorization).toMatchObject({
      from: account.address,
      to: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
      value: "10000",
      validAfter: String(NOW / 1000 - 600),
      validBefore: String(NOW / 1000 + 60),
    });
    expect(authorization["nonce"]).toMatch(/^0x[0-9a-f]{64}$/);
    expect(from).toBe(account.address);
    const typedData = transferWithAuthorizationTypedData(
      { name: "USD Coin", version: "2", chainId: 8453, verifyingContract: offer.asset as `0x${string}` },
      {
        from: account.address,
        to: authorization["to"] as `0x${string}`,
        value: 10_000n,
        validAfter: BigInt(authorization["validAfter"] as string),
        validBefore: BigInt(authorization["validBefore"] as string),
        nonce: authorization["nonce"] as `0x${string}`,
      },
    );
    expect(
      await recoverTypedDataAddress({ ...typedData, signature: payload["signature"] as `0x${string}` }),
    ).toBe(account.address);
  });

  it("fresh random nonces per payment", async () => {
    const payer = exactEvmPayer({ signer: account });
    const a = await payer.createPayload(offer, { dialect: "x402-v2" });
    const b = await payer.createPayload(offer, { dialect: "x402-v2" });
    expect((a.payload["authorization"] as { nonce: string }).nonce).not.toBe(
      (b.payload["authorization"] as { nonce: string }).nonce,
    );
  });

  it("IETF without expires: validBefore = now + 300", async () => {
    const payer = exactEvmPayer({ signer: account, now: () => NOW });
    const { payload } = await payer.createPayload(
      { ...offer, network: BASE_SEPOLIA, asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e", extra: {} },
      { dialect: "payment-auth", challenge: { id: "abc", realm: "r" } },
    );
    expect(payload).toMatchObject({ validAfter: "0", validBefore: String(NOW / 1000 + 300) });
    expect(payload).not.toHaveProperty("type");
  });

  it("refuses non-EVM networks, zero amounts, unknown domains and a missing challenge", async () => {
    const payer = exactEvmPayer({ signer: account });
    const x402 = { dialect: "x402-v2" } as const;
    await expect(
      payer.createPayload({ ...offer, network: "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp" }, x402),
    ).rejects.toMatchObject({
      code: "NETWORK_INVALID",
    });
    await expect(payer.createPayload({ ...offer, amount: 0n }, x402)).rejects.toMatchObject({
      code: "AMOUNT_INVALID",
    });
    await expect(
      payer.createPayload({ ...offer, asset: "0x0000000000000000000000000000000000000001", extra: {} }, x402),
    ).rejects.toMatchObject({ code: "ASSET_UNKNOWN" });
    await expect(payer.createPayload(offer, { dialect: "payment-auth" })).rejects.toMatchObject({
      code: "CHALLENGE_MISSING",
    });
  });
});

describe("toEvmSigner", () => {
  it("accepts a local account, a wallet client and a hand-written signer", async () => {
    const typedData = transferWithAuthorizationTypedData(
      {
        name: "USDC",
        version: "2",
        chainId: 1,
        verifyingContract: "0x0000000000000000000000000000000000000001",
      },
      {
        from: account.address,
        to: account.address,
        value: 1n,
        validAfter: 0n,
        validBefore: 1n,
        nonce: `0x${"00".repeat(32)}`,
      },
    );
    const expected = await account.signTypedData(typedData);
    const walletClient = createWalletClient({ account, transport: http("http://127.0.0.1:1") });
    for (const source of [
      account,
      walletClient,
      { address: account.address.toLowerCase(), signTypedData: account.signTypedData },
    ]) {
      const signer = toEvmSigner(source);
      expect(signer.address).toBe(account.address);
      expect(await signer.signTypedData(typedData)).toBe(expected);
    }
  });

  it("refuses a wallet client without an account", () => {
    // The types already refuse it; a JavaScript caller still gets a coded error.
    const walletClient = createWalletClient({
      transport: http("http://127.0.0.1:1"),
    }) as unknown as EvmSignerSource;
    expect(() => toEvmSigner(walletClient)).toThrowError(expect.objectContaining({ code: "CONFIG_INVALID" }));
  });
});
