import { describe, expect, it } from "vitest";
import { errorCode } from "../../test/error-code.js";
import { formatUnits, MAX_UINT256, parseAtomic, parseUnits } from "./units.js";

describe("parseUnits", () => {
  it.each([
    ["0.01", 6, 10_000n],
    ["1", 6, 1_000_000n],
    ["0", 6, 0n],
    ["0.000001", 6, 1n],
    ["123.456", 9, 123_456_000_000n],
    ["1.10", 2, 110n],
    ["5", 0, 5n],
  ])("%s with %i decimals → %s", (value, decimals, expected) => {
    expect(parseUnits(value, decimals)).toBe(expected);
  });

  it("accepts exactly uint256 max and refuses one more", () => {
    expect(parseUnits(MAX_UINT256.toString(), 0)).toBe(MAX_UINT256);
    expect(errorCode(() => parseUnits((MAX_UINT256 + 1n).toString(), 0))).toBe("AMOUNT_OUT_OF_RANGE");
    expect(errorCode(() => parseUnits("1".repeat(200), 6))).toBe("AMOUNT_OUT_OF_RANGE");
  });

  it("honours a custom maximum (u64 for SPL)", () => {
    expect(errorCode(() => parseUnits("18446744073709551616", 0, { max: (1n << 64n) - 1n }))).toBe(
      "AMOUNT_OUT_OF_RANGE",
    );
  });

  it.each([
    ["1e6", "AMOUNT_INVALID"],
    ["-1", "AMOUNT_INVALID"],
    ["+1", "AMOUNT_INVALID"],
    [" 1", "AMOUNT_INVALID"],
    ["1.", "AMOUNT_INVALID"],
    [".5", "AMOUNT_INVALID"],
    ["01", "AMOUNT_INVALID"],
    ["0x10", "AMOUNT_INVALID"],
    ["", "AMOUNT_INVALID"],
    ["NaN", "AMOUNT_INVALID"],
    ["Infinity", "AMOUNT_INVALID"],
    ["1,5", "AMOUNT_INVALID"],
    ["0.0000001", "AMOUNT_PRECISION_EXCEEDED"],
  ])("refuses %s with %s", (value, expected) => {
    expect(errorCode(() => parseUnits(value, 6))).toBe(expected);
  });

  it("refuses numbers: money never passes through a float", () => {
    expect(errorCode(() => parseUnits(0.1 as unknown as string, 6))).toBe("AMOUNT_INVALID");
  });

  it("refuses impossible decimals", () => {
    expect(errorCode(() => parseUnits("1", -1))).toBe("AMOUNT_INVALID");
    expect(errorCode(() => parseUnits("1", 1.5))).toBe("AMOUNT_INVALID");
  });
});

describe("formatUnits", () => {
  it.each([
    [10_000n, 6, "0.01"],
    [1n, 6, "0.000001"],
    [0n, 6, "0"],
    [1_000_000n, 6, "1"],
    [123_456_000_000n, 9, "123.456"],
    [5n, 0, "5"],
  ])("%s with %i decimals → %s", (value, decimals, expected) => {
    expect(formatUnits(value, decimals)).toBe(expected);
  });

  it("round-trips with parseUnits", () => {
    for (const value of [0n, 1n, 999_999n, 10n ** 30n, MAX_UINT256]) {
      expect(parseUnits(formatUnits(value, 18), 18)).toBe(value);
    }
  });

  it("refuses negatives", () => {
    expect(errorCode(() => formatUnits(-1n, 6))).toBe("AMOUNT_INVALID");
  });
});

describe("parseAtomic", () => {
  it("takes canonical integer strings only", () => {
    expect(parseAtomic("10000")).toBe(10_000n);
    expect(parseAtomic("0")).toBe(0n);
    for (const bad of ["010", "1.0", "1e4", "-5", "", " 1", 10000, null]) {
      expect(errorCode(() => parseAtomic(bad))).toBe("AMOUNT_INVALID");
    }
    expect(errorCode(() => parseAtomic((MAX_UINT256 + 1n).toString()))).toBe("AMOUNT_OUT_OF_RANGE");
  });
});
