import { type Offer, X402_REASONS } from "@paymux/core";
import { type LocalEvmChain, startLocalEvmChain } from "@paymux/testing/evm";
import { createPublicClient, type Hex, http } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exactEvmPayer } from "../src/client/index.js";
import { exactEvmPayee } from "../src/server/index.js";
import { balanceOf, localUsdc, payPaymentAuth, payX402, withPayload } from "./helpers.js";

let local: LocalEvmChain;
let payee: ReturnType<typeof exactEvmPayee>;
let payer: ReturnType<typeof exactEvmPayer>;
let made: Offer;
const stranger = privateKeyToAccount(generatePrivateKey());

beforeAll(async () => {
  local = await startLocalEvmChain();
  const assets = [localUsdc(local)];
  payee = exactEvmPayee({ clients: { [local.caip2]: local.publicClient }, settler: local.settler, assets });
  payer = exactEvmPayer({ signer: local.payer, assets });
  made = (await payee.createOffer({
    price: "$0.05",
    network: local.caip2,
    payTo: local.payee.address,
  })) as Offer;
});
afterAll(async () => {
  await local?.stop();
});

/** Signs `signed` (an offer the server did not make) and presents it against the server's `made`. */
async function verifyAgainstServerOffer(signed: Offer, signer = payer) {
  const { payment, context } = await payX402(signer, signed);
  return payee.verify(payment, made, context);
}

describe("exact rejections (each with its x402 reason)", () => {
  it("wrong amount: an authorization for more than the offer is refused too (exact match)", async () => {
    expect(await verifyAgainstServerOffer({ ...made, amount: made.amount + 1n })).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmValue,
      payer: local.payer.address,
    });
  });

  it("an authorization from an offer the server never made (signed for a cheaper one)", async () => {
    const cheaper = { ...made, amount: 1n };
    const { payment, context } = await payX402(payer, cheaper);
    expect(payment.accepted?.amount).toBe(1n); // the client claims the cheaper offer …
    expect(await payee.verify(payment, made, context)).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmValue,
    });
    // … and settlement, which re-checks against the server's offer, refuses it without sending anything.
    expect(await payee.settle(payment, made, context)).toMatchObject({
      success: false,
      errorReason: X402_REASONS.evmValue,
    });
  });

  it("wrong recipient", async () => {
    expect(await verifyAgainstServerOffer({ ...made, payTo: stranger.address })).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmRecipientMismatch,
    });
  });

  it("wrong token: a signature for another verifyingContract fails the signature step", async () => {
    const otherToken = { ...made, asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e" };
    expect(await verifyAgainstServerOffer(otherToken)).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmSignature,
    });
  });

  it("wrong domain name: a signature under 'USD Coin' fails the signature step", async () => {
    const otherName = { ...made, extra: { name: "USD Coin", version: "2" } };
    expect(await verifyAgainstServerOffer(otherName)).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmSignature,
    });
  });

  it("wrong chain id: another network is refused, and a forged network fails the signature", async () => {
    const mainnet = { ...made, network: "eip155:1" as const };
    expect(await verifyAgainstServerOffer(mainnet)).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmNetworkMismatch,
    });
    const { payment, context } = await payX402(payer, mainnet);
    const forged = { ...payment, network: made.network };
    expect(await payee.verify(forged, made, context)).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmSignature,
    });
  });

  it("expired authorization", async () => {
    const late = exactEvmPayer({ signer: local.payer, now: () => Date.now() - 3_600_000 });
    expect(await verifyAgainstServerOffer(made, late)).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmValidBefore,
    });
  });

  it("authorization that expires within the 6-second settlement buffer", async () => {
    expect(await verifyAgainstServerOffer({ ...made, maxTimeoutSeconds: 3 })).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmValidBefore,
    });
  });

  it("not yet valid", async () => {
    const early = exactEvmPayer({ signer: local.payer, now: () => Date.now() + 3_600_000 });
    expect(await verifyAgainstServerOffer(made, early)).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmValidAfter,
    });
  });

  it("reused nonce: an authorization already settled is refused at verify and settle", async () => {
    const { payment, context } = await payX402(payer, made);
    expect((await payee.settle(payment, made, context)).success).toBe(true);
    const replay = withPayload(payment, (payload) => payload); // a fresh copy, as a replaying client sends it
    expect(await payee.verify(replay, made, context)).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmNonceAlreadyUsed,
    });
    expect(await payee.settle(replay, made, context)).toMatchObject({
      success: false,
      errorReason: X402_REASONS.evmNonceAlreadyUsed,
    });
  });

  it("insufficient balance, at verify (simulation read-back) and at settle (no throw)", async () => {
    const big = (await payee.createOffer({
      price: "$5000",
      network: local.caip2,
      payTo: local.payee.address,
    })) as Offer;
    const { payment, context } = await payX402(payer, big);
    expect(await payee.verify(payment, big, context)).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmInsufficientBalance,
    });
    const before = await balanceOf(local, local.payee.address);
    expect(await payee.settle(payment, big, context)).toMatchObject({
      success: false,
      errorReason: X402_REASONS.evmInsufficientBalance,
    });
    expect(await balanceOf(local, local.payee.address)).toBe(before);
  });

  it("bad signature: tampered bytes, and a valid signature by someone else", async () => {
    const { payment, context } = await payX402(payer, made);
    const tampered = withPayload(payment, (payload) => {
      const signature = payload["signature"] as Hex;
      return {
        ...payload,
        signature: `${signature.slice(0, 10)}${signature[10] === "0" ? "1" : "0"}${signature.slice(11)}`,
      };
    });
    expect(await payee.verify(tampered, made, context)).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmSignature,
    });

    const impostor = exactEvmPayer({
      signer: {
        address: local.payer.address,
        signTypedData: (typedData) => stranger.signTypedData(typedData),
      },
    });
    expect(await verifyAgainstServerOffer(made, impostor)).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmSignature,
    });
  });

  it("a longer signature from an address without code: undeployed smart wallet", async () => {
    const { payment, context } = await payX402(payer, made);
    const long = withPayload(payment, (payload) => ({
      ...payload,
      signature: `${payload["signature"]}${"00".repeat(32)}`,
    }));
    expect(await payee.verify(long, made, context)).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmUndeployedSmartWallet,
    });
  });

  it("malformed payload, wrong scheme, and an offer without an EIP-712 domain", async () => {
    const { payment, context } = await payX402(payer, made);
    const broken = withPayload(payment, (payload) => ({ ...payload, authorization: { from: "0x12" } }));
    expect(await payee.verify(broken, made, context)).toMatchObject({
      valid: false,
      reason: X402_REASONS.invalidPayload,
    });
    expect(await payee.verify({ ...payment, scheme: "push" }, made, context)).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmScheme,
    });
    const bare = { ...made, asset: stranger.address, extra: {} };
    expect(await payee.verify(payment, bare, context)).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmMissingDomain,
    });
  });

  it("a server offer whose domain name differs from the token's: diagnosed as a token name mismatch", async () => {
    const misconfigured = { ...made, extra: { name: "USD Coin", version: "2" } };
    const { payment, context } = await payX402(payer, misconfigured);
    expect(await payee.verify(payment, misconfigured, context)).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmTokenNameMismatch,
    });
  });
});

describe("an unreachable node", () => {
  it("gives unexpected_* reasons, not a verdict on the payment", async () => {
    // No retries: the point is the reason, not viem's back-off.
    const client = createPublicClient({
      chain: local.chain,
      transport: http("http://127.0.0.1:1", { retryCount: 0 }),
    });
    const down = exactEvmPayee({
      clients: { [local.caip2]: client },
      settler: local.settler,
      assets: [localUsdc(local)],
    });
    const { payment, context } = await payX402(payer, made);
    expect(await down.verify(payment, made, context)).toMatchObject({
      valid: false,
      reason: X402_REASONS.unexpectedVerifyError,
    });
    expect(await down.settle(payment, made, context)).toMatchObject({
      success: false,
      errorReason: X402_REASONS.unexpectedSettleError,
    });
  });
});

describe("IETF Payment authorization rejections", () => {
  it("wrong nonce: an authorization bound to another challenge", async () => {
    const first = await payPaymentAuth(payer, made, local.chainId);
    const second = await payPaymentAuth(payer, made, local.chainId, { realm: "other.test" });
    expect(await payee.verify(first.payment, made, second.context)).toMatchObject({
      valid: false,
      reason: X402_REASONS.invalidPayload,
      message: expect.stringContaining("challenge hash"),
    });
    expect(await payee.verify(first.payment, made, first.context)).toMatchObject({ valid: true });
  });

  it("source mismatch: a did:pkh of someone else (absent source is fine)", async () => {
    const other = `did:pkh:eip155:${local.chainId}:${stranger.address}`;
    const mismatched = await payPaymentAuth(payer, made, local.chainId, { source: other });
    expect(await payee.verify(mismatched.payment, made, mismatched.context)).toMatchObject({
      valid: false,
      reason: X402_REASONS.invalidPayload,
      message: expect.stringContaining("source"),
    });
    const lowercase = await payPaymentAuth(payer, made, local.chainId, {
      source: `did:pkh:eip155:${local.chainId}:${local.payer.address.toLowerCase()}`,
    });
    expect((await payee.verify(lowercase.payment, made, lowercase.context)).valid).toBe(false);
    const anonymous = await payPaymentAuth(payer, made, local.chainId, { source: false });
    expect(await payee.verify(anonymous.payment, made, anonymous.context)).toMatchObject({ valid: true });
  });

  it("a credential without its challenge in the context", async () => {
    const { payment } = await payPaymentAuth(payer, made, local.chainId);
    expect(await payee.verify(payment, made, { dialect: "payment-auth" })).toMatchObject({
      valid: false,
      reason: X402_REASONS.invalidPayload,
    });
  });
});
