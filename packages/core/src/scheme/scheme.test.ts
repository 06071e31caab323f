import { describe, expect, it } from "vitest";
import type { ReceivedOffer } from "../model.js";
import { SOLANA_DEVNET } from "../networks/index.js";
import { resolvePrice } from "./price.js";
import { createSchemeRegistry } from "./registry.js";
import { selectOffers } from "./select.js";

const scheme = (name: string, networks: string[], tag: string) => ({ scheme: name, networks, tag });

describe("scheme registry", () => {
  it("resolves the most specific registration", () => {
    const registry = createSchemeRegistry([
      scheme("exact", ["eip155:*"], "any-evm"),
      scheme("exact", ["eip155:8453"], "base"),
      scheme("push", ["*"], "anything"),
    ]);
    expect(registry.resolve("exact", "eip155:8453")?.tag).toBe("base");
    expect(registry.resolve("exact", "eip155:1")?.tag).toBe("any-evm");
    expect(registry.resolve("exact", SOLANA_DEVNET)).toBeUndefined();
    expect(registry.resolve("push", SOLANA_DEVNET)?.tag).toBe("anything");
    expect(registry.supports("upto", "eip155:1")).toBe(false);
    expect(registry.list()).toHaveLength(3);
  });

  it("refuses a second implementation for the same scheme and pattern", () => {
    const registry = createSchemeRegistry([scheme("exact", ["eip155:*"], "a")]);
    expect(() => registry.register(scheme("exact", ["solana:*", "eip155:*"], "b"))).toThrowError(
      expect.objectContaining({ code: "SCHEME_CONFLICT" }),
    );
  });
});

describe("selectOffers", () => {
  const base = { asset: "x", amount: 1n, payTo: "p", maxTimeoutSeconds: 60, extra: {} };
  const offer = (
    scheme: string,
    network: `${string}:${string}`,
    dialect: ReceivedOffer["source"]["dialect"],
  ) => ({ ...base, scheme, network, source: { dialect } }) as unknown as ReceivedOffer;
  const offers = [
    offer("exact", "eip155:8453", "x402-v1"),
    offer("exact", "eip155:8453", "x402-v2"),
    offer("push", SOLANA_DEVNET, "payment-request"),
    offer("exact", SOLANA_DEVNET, "payment-auth"),
    offer("upto", "eip155:8453", "x402-v2"),
  ];

  it("drops what no payer can pay and prefers x402 v2, then IETF, then v1, then legacy", () => {
    const registry = createSchemeRegistry([scheme("exact", ["*"], "e"), scheme("push", ["solana:*"], "p")]);
    const chosen = selectOffers(offers, { registry });
    expect(chosen.map((o) => `${o.scheme}@${o.source.dialect}`)).toEqual([
      "exact@x402-v2",
      "exact@payment-auth",
      "exact@x402-v1",
      "push@payment-request",
    ]);
  });

  it("lets network and scheme preferences outrank the dialect order", () => {
    const chosen = selectOffers(offers, { preferences: { networks: ["solana:*"], schemes: ["push"] } });
    expect(chosen[0]?.scheme).toBe("push");
    expect(chosen[1]?.network).toBe(SOLANA_DEVNET);
  });
});

describe("resolvePrice", () => {
  it("prices dollars in the network's stablecoin", () => {
    expect(resolvePrice("$0.01", "eip155:8453")).toMatchObject({
      amount: 10_000n,
      asset: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
    });
    expect(resolvePrice("$0.01", SOLANA_DEVNET)?.asset).toBe("4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU");
  });

  it("prices a symbol only where the asset exists", () => {
    expect(resolvePrice("0.001 SOL", SOLANA_DEVNET)).toMatchObject({ amount: 1_000_000n, asset: "sol" });
    expect(resolvePrice("0.001 SOL", "eip155:8453")).toBeUndefined();
    expect(resolvePrice("$0.01", "eip155:31337")).toBeUndefined();
  });

  it("uses the default symbol for bare amounts and refuses them without one", () => {
    expect(resolvePrice("0.001", SOLANA_DEVNET, { defaultSymbol: "SOL" })?.amount).toBe(1_000_000n);
    expect(() => resolvePrice("0.001", SOLANA_DEVNET)).toThrowError(
      expect.objectContaining({ code: "PRICE_INVALID" }),
    );
  });

  it("refuses prices below one atomic unit instead of rounding to free", () => {
    expect(() => resolvePrice("$0.0000001", "eip155:8453")).toThrowError(
      expect.objectContaining({ code: "AMOUNT_PRECISION_EXCEEDED" }),
    );
  });
});
