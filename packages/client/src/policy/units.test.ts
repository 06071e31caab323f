import { describe, expect, it } from "vitest";
import { offer, refusal, USD18, USDC_BASE } from "./test-helpers.js";
import { compareScaled, compilePrice, offerAsset, symbolDecimals, toScale } from "./units.js";

describe("policy units", () => {
  it("compareScaled compares decimals of different scales exactly", () => {
    expect(compareScaled(50_000n, 6, 5n, 2)).toBe(0);
    expect(compareScaled(50_001n, 6, 5n, 2)).toBe(1);
    expect(compareScaled(49_999n, 6, 5n, 2)).toBe(-1);
    expect(compareScaled(5n * 10n ** 16n, 18, 5n, 2)).toBe(0);
  });

  it("toScale is exact upwards and rounds up downwards (a budget never under-counts)", () => {
    expect(toScale(10_000n, 6, 18)).toBe(10n ** 16n);
    expect(toScale(10n ** 6n, 24, 18)).toBe(1n);
    expect(toScale(10n ** 6n + 1n, 24, 18)).toBe(2n);
    expect(toScale(1n, 24, 18)).toBe(1n);
  });

  it("compilePrice keeps the digits as written and needs a currency", () => {
    expect(compilePrice("$0.050", "cap")).toEqual({ kind: "usd", value: 50n, decimals: 3, label: "$0.050" });
    expect(compilePrice("2 sol", "cap")).toMatchObject({
      kind: "symbol",
      symbol: "SOL",
      value: 2n,
      decimals: 0,
    });
    expect(refusal(() => compilePrice("0.5", "cap")).code).toBe("PRICE_INVALID");
  });

  it("offerAsset matches by network and address, never by symbol", () => {
    expect(offerAsset(offer({ asset: USDC_BASE.toLowerCase() }))?.symbol).toBe("USDC");
    expect(offerAsset(offer({ asset: USD18.address }), [USD18])?.decimals).toBe(18);
    expect(offerAsset(offer({ asset: "USDC" }))).toBeUndefined();
    expect(offerAsset(offer({ network: "eip155:1" }))).toBeUndefined();
  });

  it("symbolDecimals takes the widest known asset of a symbol", () => {
    expect(symbolDecimals("SOL")).toBe(9);
    expect(symbolDecimals("USDX", [USD18])).toBe(18);
    expect(symbolDecimals("NOPE")).toBeUndefined();
  });
});
