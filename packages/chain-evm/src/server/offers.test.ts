import { describe, expect, it } from "vitest";
import { createEvmOffer, type EvmOfferRules } from "./offers.js";

const token = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
const rules: EvmOfferRules = {
  scheme: "exact",
  networks: new Set(["eip155:84532"]),
  assets: [],
  defaultTimeoutSeconds: 60,
  requireDomain: false,
};
const offer = (amount: bigint) =>
  createEvmOffer(
    {
      price: { amount, asset: token, extra: { name: "USDC", version: "2" } },
      network: "eip155:84532",
      payTo: "0x000000000000000000000000000000000000dEaD",
    },
    rules,
  );

describe("offer amounts", () => {
  it("refuses atomic prices past uint256: a client encoding them modulo 2^256 would sign a wrapped amount", () => {
    const max = (1n << 256n) - 1n;
    expect(offer(max)?.amount).toBe(max);
    for (const amount of [1n << 256n, (1n << 256n) + 1000n, 1n << 512n]) {
      expect(() => offer(amount)).toThrowError(expect.objectContaining({ code: "AMOUNT_OUT_OF_RANGE" }));
    }
  });
});
