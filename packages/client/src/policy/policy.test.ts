import { BASE, BASE_SEPOLIA, SOLANA_DEVNET } from "@paymux/core";
import { describe, expect, it } from "vitest";
import { checkPolicy, createPolicyChecker, type SpendPolicy } from "./policy.js";
import { offer, refusal, solOffer, UNKNOWN_TOKEN, USD18, USDC_BASE, USDC_DEVNET } from "./test-helpers.js";

const pass = (policy: SpendPolicy, o = offer(), assets = [USD18]) => checkPolicy(o, policy, assets);

describe("checkPolicy: maxPerPayment", () => {
  it("passes at the USD cap and refuses one atomic unit above it (USDC, 6 decimals)", () => {
    expect(() => pass({ maxPerPayment: "$0.05" }, offer({ amount: 50_000n }))).not.toThrow();
    const error = refusal(() => pass({ maxPerPayment: "$0.05" }, offer({ amount: 50_001n })));
    expect(error.code).toBe("AMOUNT_EXCEEDS_POLICY");
    expect(error.context).toMatchObject({
      rule: "maxPerPayment",
      network: BASE,
      asset: USDC_BASE,
      amount: "50001",
      limit: "$0.05",
    });
  });

  it("converts an 18-decimals USD asset exactly", () => {
    const at = (amount: bigint) => offer({ asset: USD18.address, amount });
    expect(() => pass({ maxPerPayment: "$0.05" }, at(5n * 10n ** 16n))).not.toThrow();
    expect(refusal(() => pass({ maxPerPayment: "$0.05" }, at(5n * 10n ** 16n + 1n))).code).toBe(
      "AMOUNT_EXCEEDS_POLICY",
    );
    // The same atomic amount is $0.05 in USDC but dust in the 18-decimals token.
    expect(() => pass({ maxPerPayment: "$0.05" }, at(50_001n))).not.toThrow();
  });

  it("caps by symbol on the offer's network", () => {
    const policy = { maxPerPayment: "0.01 USDC" };
    expect(() =>
      pass(policy, offer({ network: SOLANA_DEVNET, asset: USDC_DEVNET, amount: 10_000n })),
    ).not.toThrow();
    expect(refusal(() => pass(policy, offer({ amount: 10_001n }))).context["rule"]).toBe("maxPerPayment");
    // USDX is a USD stablecoin but not USDC: the symbol cap does not cover it.
    expect(refusal(() => pass(policy, offer({ asset: USD18.address, amount: 1n }))).code).toBe(
      "POLICY_REJECTED",
    );
  });

  it("caps SOL in lamports", () => {
    expect(() => pass({ maxPerPayment: "0.001 SOL" }, solOffer(1_000_000n))).not.toThrow();
    const error = refusal(() => pass({ maxPerPayment: "0.001 SOL" }, solOffer(1_000_001n)));
    expect(error.code).toBe("AMOUNT_EXCEEDS_POLICY");
    expect(error.context).toMatchObject({ rule: "maxPerPayment", limit: "0.001 SOL", amount: "1000001" });
  });

  it("caps an exact asset in atomic units", () => {
    const policy = { maxPerPayment: { amount: 7n, asset: UNKNOWN_TOKEN.toUpperCase().replace("0X", "0x") } };
    expect(() => pass(policy, offer({ asset: UNKNOWN_TOKEN, amount: 7n }))).not.toThrow();
    expect(refusal(() => pass(policy, offer({ asset: UNKNOWN_TOKEN, amount: 8n }))).code).toBe(
      "AMOUNT_EXCEEDS_POLICY",
    );
  });

  it("refuses assets no cap applies to", () => {
    for (const o of [offer({ asset: UNKNOWN_TOKEN, amount: 1n }), solOffer(1n)]) {
      const error = refusal(() => pass({ maxPerPayment: "$100" }, o));
      expect(error.code).toBe("POLICY_REJECTED");
      expect(error.context["rule"]).toBe("maxPerPayment");
    }
    // An asset named by symbol instead of address is not the known USDC.
    expect(refusal(() => pass({ maxPerPayment: "$100" }, offer({ asset: "USDC" }))).code).toBe(
      "POLICY_REJECTED",
    );
    // Without maxPerPayment the unknown asset is not this rule's business.
    expect(() => pass({}, offer({ asset: UNKNOWN_TOKEN }))).not.toThrow();
  });

  it("applies every matching cap of a list (the strictest wins)", () => {
    const policy = { maxPerPayment: ["$0.05", "0.02 USDC", "0.001 SOL"] };
    expect(() => pass(policy, offer({ amount: 20_000n }))).not.toThrow();
    expect(refusal(() => pass(policy, offer({ amount: 20_001n }))).context["limit"]).toBe("0.02 USDC");
    expect(() => pass(policy, solOffer(1_000_000n))).not.toThrow();
  });
});

describe("checkPolicy: lists", () => {
  it("allowedNetworks takes CAIP-2 ids and namespace patterns", () => {
    expect(() => pass({ allowedNetworks: ["solana:*", BASE] })).not.toThrow();
    const error = refusal(() => pass({ allowedNetworks: ["solana:*", BASE_SEPOLIA] }));
    expect(error.code).toBe("POLICY_REJECTED");
    expect(error.context).toMatchObject({ rule: "allowedNetworks", network: BASE });
    expect(() => pass({ allowedNetworks: ["solana:*"] }, solOffer(1n))).not.toThrow();
    expect(() => pass({ allowedNetworks: ["*"] })).not.toThrow();
  });

  it("allowedAssets takes addresses (any case), 'sol' and symbols", () => {
    expect(() => pass({ allowedAssets: [USDC_BASE.toLowerCase()] })).not.toThrow();
    expect(() => pass({ allowedAssets: ["usdc"] })).not.toThrow();
    expect(() => pass({ allowedAssets: ["sol"] }, solOffer(1n))).not.toThrow();
    expect(() => pass({ allowedAssets: ["SOL"] }, solOffer(1n))).not.toThrow();
    const error = refusal(() => pass({ allowedAssets: ["SOL", "USDX"] }));
    expect(error.code).toBe("POLICY_REJECTED");
    expect(error.context["rule"]).toBe("allowedAssets");
    // A server cannot pass a token off as USDC by naming it "USDC" instead of by address.
    expect(refusal(() => pass({ allowedAssets: ["USDC"] }, offer({ asset: UNKNOWN_TOKEN }))).code).toBe(
      "POLICY_REJECTED",
    );
  });

  it("recipients: 0x case-insensitive, base58 exact, blocked before allowed", () => {
    const payTo = offer().payTo;
    expect(() => pass({ allowedRecipients: [payTo.toLowerCase()] })).not.toThrow();
    expect(refusal(() => pass({ allowedRecipients: ["0x01"] })).context["rule"]).toBe("allowedRecipients");
    const blocked = refusal(() => pass({ blockedRecipients: [payTo.toUpperCase().replace("0X", "0x")] }));
    expect(blocked.code).toBe("POLICY_REJECTED");
    expect(blocked.context).toMatchObject({ rule: "blockedRecipients", payTo });
    const both = refusal(() => pass({ allowedRecipients: [payTo], blockedRecipients: [payTo] }));
    expect(both.context["rule"]).toBe("blockedRecipients");
    const sol = solOffer(1n);
    expect(() => pass({ allowedRecipients: [sol.payTo] }, sol)).not.toThrow();
    expect(refusal(() => pass({ allowedRecipients: [sol.payTo.toLowerCase()] }, sol)).code).toBe(
      "POLICY_REJECTED",
    );
  });

  it("an empty allow-list allows nothing", () => {
    expect(refusal(() => pass({ allowedNetworks: [] })).context["rule"]).toBe("allowedNetworks");
  });
});

describe("checkPolicy: always", () => {
  it("refuses non-positive amounts, even with no rules", () => {
    for (const amount of [0n, -1n]) {
      const error = refusal(() => pass({}, offer({ amount })));
      expect(error.code).toBe("POLICY_REJECTED");
      expect(error.context["rule"]).toBe("amount");
    }
    expect(refusal(() => pass({}, offer({ amount: 5 as unknown as bigint }))).context["rule"]).toBe("amount");
  });
});

describe("createPolicyChecker", () => {
  it("validates the policy once, up front", () => {
    expect(refusal(() => createPolicyChecker({ maxPerPayment: "five dollars" })).code).toBe("PRICE_INVALID");
    expect(refusal(() => createPolicyChecker({ maxPerPayment: ["$1", "0.5"] })).code).toBe("PRICE_INVALID");
    expect(refusal(() => createPolicyChecker({ maxPerPayment: 0.05 as unknown as string })).code).toBe(
      "PRICE_INVALID",
    );
    expect(refusal(() => createPolicyChecker({ allowedNetworks: "eip155:8453" as never })).code).toBe(
      "CONFIG_INVALID",
    );
    expect(refusal(() => createPolicyChecker({ blockedRecipients: [""] })).code).toBe("CONFIG_INVALID");
    const typo = { maxPerPaymnet: "$1" } as unknown as SpendPolicy;
    expect(refusal(() => createPolicyChecker(typo)).code).toBe("CONFIG_INVALID");
  });

  it("returns a reusable checker", () => {
    const check = createPolicyChecker({ maxPerPayment: "$0.01" });
    expect(() => check(offer({ amount: 10_000n }))).not.toThrow();
    expect(refusal(() => check(offer({ amount: 10_001n }))).code).toBe("AMOUNT_EXCEEDS_POLICY");
  });
});
