import { describe, expect, it } from "vitest";
import { PAYMUX_ERROR_CODES } from "./codes.js";
import { isPaymuxError, PaymuxError } from "./error.js";

describe("PaymuxError", () => {
  it("carries a stable code, safe context, the wire reason and a docs link", () => {
    const cause = new Error("rpc down");
    const error = new PaymuxError("VERIFICATION_FAILED", "Signature does not match", {
      context: { network: "eip155:8453", amount: 10n },
      reason: "invalid_exact_evm_signature",
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("PaymuxError");
    expect(error.cause).toBe(cause);
    expect(error.docs).toBe("https://paymux.dev/errors#verification-failed");
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "PaymuxError",
      code: "VERIFICATION_FAILED",
      message: "Signature does not match",
      reason: "invalid_exact_evm_signature",
      context: { network: "eip155:8453", amount: "10" },
    });
    expect(isPaymuxError(error)).toBe(true);
    expect(isPaymuxError(error, "VERIFICATION_FAILED")).toBe(true);
    expect(isPaymuxError(error, "CHAIN_ERROR")).toBe(false);
    expect(isPaymuxError(cause)).toBe(false);
  });

  it("codes are unique and SCREAMING_SNAKE_CASE", () => {
    expect(new Set(PAYMUX_ERROR_CODES).size).toBe(PAYMUX_ERROR_CODES.length);
    for (const code of PAYMUX_ERROR_CODES) expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  });
});
