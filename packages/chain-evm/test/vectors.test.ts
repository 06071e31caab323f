// Golden vectors from the protocol digests, checked on a local chain that impersonates Base Sepolia (the test
// token sits at Circle's USDC address with domain "USDC"/"2"). The vectors' payers hold no funds there, so a
// passing signature step shows up as the insufficient-balance reason, never as a signature reason.
import {
  BASE_SEPOLIA,
  decodePaymentCredential,
  decodePaymentSignature,
  encodeBase64UrlJson,
  encodeChargeRequest,
  groupOffersForPaymentAuth,
  type Offer,
  offerToRequirementsV2,
  paymentFromCredential,
  paymentFromV2,
  readPaymentAuthOffers,
  readPaymentChallenges,
  X402_REASONS,
} from "@paymux/core";
import { type LocalEvmChain, startLocalEvmChain } from "@paymux/testing/evm";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exactEvmPayer } from "../src/client/index.js";
import { challengeHash } from "../src/eip3009.js";
import { exactEvmPayee } from "../src/server/index.js";

// x402.md §9.1 PAYMENT-SIGNATURE (its signature is real, §9.3).
const X402_PAYMENT_SIGNATURE =
  "eyJ4NDAyVmVyc2lvbiI6MiwicmVzb3VyY2UiOnsidXJsIjoiaHR0cHM6Ly9hcGkuZXhhbXBsZS5jb20vcHJlbWl1bS1kYXRhIiwiZGVzY3JpcHRpb24iOiJBY2Nlc3MgdG8gcHJlbWl1bSBtYXJrZXQgZGF0YSIsIm1pbWVUeXBlIjoiYXBwbGljYXRpb24vanNvbiJ9LCJhY2NlcHRlZCI6eyJzY2hlbWUiOiJleGFjdCIsIm5ldHdvcmsiOiJlaXAxNTU6ODQ1MzIiLCJhbW91bnQiOiIxMDAwMCIsImFzc2V0IjoiMHgwMzZDYkQ1Mzg0MmM1NDI2NjM0ZTc5Mjk1NDFlQzIzMThmM2RDRjdlIiwicGF5VG8iOiIweDIwOTY5M0JjNmFmYzBDNTMyOGJBMzZGYUYwM0M1MTRFRjMxMjI4N0MiLCJtYXhUaW1lb3V0U2Vjb25kcyI6NjAsImV4dHJhIjp7Im5hbWUiOiJVU0RDIiwidmVyc2lvbiI6IjIifX0sInBheWxvYWQiOnsic2lnbmF0dXJlIjoiMHgyZDZhNzU4OGQ2YWNjYTUwNWNiZjBkOWE0YTIyN2UwYzUyYzZjMzQwMDhjOGU4OTg2YTEyODMyNTk3NjQxNzM2MDhhMmNlNjQ5NjY0MmUzNzdkNmRhOGRiYmY1ODM2ZTliZDE1MDkyZjllY2FiMDVkZWQzZDYyOTNhZjE0OGI1NzFjIiwiYXV0aG9yaXphdGlvbiI6eyJmcm9tIjoiMHg4NTdiMDY1MTlFOTFlM0E1NDUzODc5MWJEYmIwRTIyMzczZTM2YjY2IiwidG8iOiIweDIwOTY5M0JjNmFmYzBDNTMyOGJBMzZGYUYwM0M1MTRFRjMxMjI4N0MiLCJ2YWx1ZSI6IjEwMDAwIiwidmFsaWRBZnRlciI6IjE3NDA2NzIwODkiLCJ2YWxpZEJlZm9yZSI6IjE3NDA2NzIxNTQiLCJub25jZSI6IjB4ZjM3NDY2MTNjMmQ5MjBiNWZkYWJjMDg1NmYyYWViMmQ0Zjg4ZWU2MDM3YjhjYzVkMDRhNzFhNDQ2MmYxMzQ4MCJ9fX0=";
const X402_PAYER = "0x857b06519E91e3A54538791bDbb0E22373e36b66";
const X402_PAY_TO = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C";

// payment-auth.md §7.2 E1.
const E1_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const E1_CHALLENGE =
  'Payment id="pBm1-gcySyu6XWvrnasN7bgOyZ67xj53WhaiOEWAMKw", realm="api.example.com", method="evm", intent="charge", request="eyJhbW91bnQiOiIxMDAwMDAwIiwiY3VycmVuY3kiOiIweDAzNkNiRDUzODQyYzU0MjY2MzRlNzkyOTU0MWVDMjMxOGYzZENGN2UiLCJtZXRob2REZXRhaWxzIjp7ImNoYWluSWQiOjg0NTMyLCJjcmVkZW50aWFsVHlwZXMiOlsiYXV0aG9yaXphdGlvbiJdLCJkZWNpbWFscyI6Nn0sInJlY2lwaWVudCI6IjB4NzQyZDM1Q2M2NjM0YzA1MzI5MjVhM2I4NDRiQzllNzU5NUY4ZkUwMCJ9", expires="2026-04-01T12:05:00Z"';
const E1_RECIPIENT = "0x742d35Cc6634c0532925a3b844bC9e7595F8fE00";
const E1_SIGNATURE =
  "0x0ac5d34e635cd3f6aef96ace9fa1049a5ba7cb137c333798b97a174cb1c8abd25d8b3a4144f0a7656d97909f15a16518238e5a6c425c86ee9f1d073e53a907301b";
const E1_NOW = Date.parse("2026-04-01T12:00:00Z");

let local: LocalEvmChain;

beforeAll(async () => {
  local = await startLocalEvmChain({ impersonate: "base-sepolia" });
});
afterAll(async () => {
  await local?.stop();
});

// Built from an RPC URL (not a ready client) so that path is exercised too.
function payeeAt(nowMs: number) {
  return exactEvmPayee({
    rpcUrls: { [BASE_SEPOLIA]: local.rpcUrl },
    settler: local.settler,
    now: () => nowMs,
  });
}

describe("x402 §9.3 signature vector", () => {
  const payment = paymentFromV2(decodePaymentSignature(X402_PAYMENT_SIGNATURE));

  it("the payee's own offer for $0.01 is the spec's accepts[0], byte for byte", async () => {
    const offer = (await payeeAt(1_740_672_100_000).createOffer({
      price: "$0.01",
      network: BASE_SEPOLIA,
      payTo: X402_PAY_TO,
    })) as Offer;
    expect(offerToRequirementsV2(offer)).toEqual(decodePaymentSignature(X402_PAYMENT_SIGNATURE).accepted);
  });

  it("verifies with the right domain at the frozen clock: only the payer's empty balance fails", async () => {
    const payee = payeeAt(1_740_672_100_000);
    const offer = (await payee.createOffer({
      price: "$0.01",
      network: BASE_SEPOLIA,
      payTo: X402_PAY_TO,
    })) as Offer;
    expect(await payee.verify(payment, offer, { dialect: "x402-v2" })).toEqual({
      valid: false,
      reason: X402_REASONS.evmInsufficientBalance,
      message: expect.any(String),
      payer: X402_PAYER,
    });
  });

  it('fails the signature step under the wrong domain name ("USD Coin")', async () => {
    const payee = payeeAt(1_740_672_100_000);
    const offer = (await payee.createOffer({
      price: "$0.01",
      network: BASE_SEPOLIA,
      payTo: X402_PAY_TO,
    })) as Offer;
    const wrongDomain = { ...offer, extra: { name: "USD Coin", version: "2" } };
    expect(await payee.verify(payment, wrongDomain, { dialect: "x402-v2" })).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmSignature,
    });
  });

  it("applies the time window of §9.3 (6-second buffer before validBefore)", async () => {
    for (const [now, reason] of [
      [1_740_672_149_000, X402_REASONS.evmValidBefore],
      [1_740_672_088_000, X402_REASONS.evmValidAfter],
    ] as const) {
      const payee = payeeAt(now);
      const offer = (await payee.createOffer({
        price: "$0.01",
        network: BASE_SEPOLIA,
        payTo: X402_PAY_TO,
      })) as Offer;
      expect(await payee.verify(payment, offer, { dialect: "x402-v2" })).toMatchObject({
        valid: false,
        reason,
      });
    }
  });
});

describe("payment-auth E1 vector", () => {
  const [challenge] = readPaymentChallenges(E1_CHALLENGE).challenges;
  if (!challenge) throw new Error("E1 challenge does not parse");
  const bound = { id: challenge.id, realm: challenge.realm, expires: challenge.expires as string };

  it("the challenge hash is E1's", () => {
    expect(challengeHash(challenge.id, challenge.realm)).toBe(
      "0x421a2b70900d95557c590daf229df4d1addd21298448b394546cfad9a8c2e806",
    );
  });

  it("anvil key #0 reproduces E1's signature bytes exactly", async () => {
    const [offer] = readPaymentAuthOffers(challenge, { now: E1_NOW });
    if (!offer) throw new Error("no offer in E1");
    const payer = exactEvmPayer({ signer: privateKeyToAccount(E1_KEY) });
    const created = await payer.createPayload(offer, { dialect: "payment-auth", challenge: bound });
    expect(created.payload).toEqual({
      from: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
      to: expect.stringMatching(new RegExp(`^${E1_RECIPIENT}$`, "i")),
      value: "1000000",
      validAfter: "0",
      validBefore: "1775045100",
      nonce: "0x421a2b70900d95557c590daf229df4d1addd21298448b394546cfad9a8c2e806",
      signature: E1_SIGNATURE,
    });
  });

  it("the payee's own offer reproduces E1's request, and E1's credential passes every step but the balance", async () => {
    const payee = payeeAt(E1_NOW);
    const offer = (await payee.createOffer({
      price: "$1",
      network: BASE_SEPOLIA,
      payTo: E1_RECIPIENT,
    })) as Offer;
    const [group] = groupOffersForPaymentAuth([offer]);
    expect(group && encodeChargeRequest(group.request)).toBe(challenge.request);

    const credential = decodePaymentCredential(
      `Payment ${encodeBase64UrlJson({
        challenge: { ...bound, method: "evm", intent: "charge", request: challenge.request },
        payload: {
          type: "authorization",
          from: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
          to: E1_RECIPIENT,
          value: "1000000",
          validAfter: "0",
          validBefore: "1775045100",
          nonce: "0x421a2b70900d95557c590daf229df4d1addd21298448b394546cfad9a8c2e806",
          signature: E1_SIGNATURE,
        },
        source: "did:pkh:eip155:84532:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
      })}`,
    );
    const payment = paymentFromCredential(credential);
    expect(await payee.verify(payment, offer, { dialect: "payment-auth", challenge: bound })).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmInsufficientBalance,
      payer: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    });
  });
});
