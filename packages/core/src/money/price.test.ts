import { describe, expect, it } from "vitest";
import { errorCode } from "../../test/error-code.js";
import { parsePrice } from "./price.js";

describe("parsePrice", () => {
  it("reads dollars, symbols, bare decimals and atomic prices", () => {
    expect(parsePrice("$0.001")).toEqual({ kind: "usd", amount: "0.001" });
    expect(parsePrice(" $ 1 ")).toEqual({ kind: "usd", amount: "1" });
    expect(parsePrice("0.01 usdc")).toEqual({ kind: "symbol", symbol: "USDC", amount: "0.01" });
    expect(parsePrice("0.001 SOL")).toEqual({ kind: "symbol", symbol: "SOL", amount: "0.001" });
    expect(parsePrice("0.5")).toEqual({ kind: "symbol", symbol: "", amount: "0.5" });
    const atomic = { amount: 5n, asset: "sol" };
    expect(parsePrice(atomic)).toEqual({ kind: "atomic", price: atomic });
  });

  it.each(["$0", "$-1", "$1e3", "$.5", "0 SOL", "1e-7 SOL", "one dollar", "", "$", "$0.1.2", "5 $"])(
    "refuses %j",
    (price) => {
      expect(errorCode(() => parsePrice(price))).toBe("PRICE_INVALID");
    },
  );

  it("refuses numbers and bad atomic prices", () => {
    expect(errorCode(() => parsePrice(0.01 as unknown as string))).toBe("PRICE_INVALID");
    expect(errorCode(() => parsePrice({ amount: 0n, asset: "sol" }))).toBe("PRICE_INVALID");
    expect(errorCode(() => parsePrice({ amount: 1n, asset: "" }))).toBe("PRICE_INVALID");
  });
});
