import { PaymuxError } from "../errors/index.js";

/** Largest amount paymux accepts anywhere: uint256, the widest on-chain integer (EVM). */
export const MAX_UINT256 = (1n << 256n) - 1n;
/** Largest SPL / lamport amount (u64). */
export const MAX_UINT64 = (1n << 64n) - 1n;

const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;
const INTEGER = /^(0|[1-9][0-9]*)$/;
// 78 digits hold every uint256; anything longer is rejected before BigInt() does the work.
const MAX_DIGITS = 78;

/** Options of {@link parseUnits}. */
export type ParseUnitsParameters = {
  /** Upper bound of the result (default uint256 max). */
  max?: bigint;
};

/**
 * Decimal string → atomic units. Floats are refused by type (money never passes through `number`), and so are
 * exponents, signs, blanks, more fraction digits than `decimals`, and results above `max`.
 */
export function parseUnits(value: string, decimals: number, parameters: ParseUnitsParameters = {}): bigint {
  if (typeof value !== "string") {
    throw new PaymuxError("AMOUNT_INVALID", "Amounts are decimal strings, never numbers", {
      context: { type: typeof value },
    });
  }
  assertDecimals(decimals);
  if (value.length > MAX_DIGITS + 1 + decimals) throw outOfRange(value);
  const match = DECIMAL.exec(value);
  if (!match) {
    throw new PaymuxError("AMOUNT_INVALID", "Not a plain non-negative decimal amount", {
      context: { value: value.slice(0, 40) },
    });
  }
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) {
    throw new PaymuxError("AMOUNT_PRECISION_EXCEEDED", `More than ${decimals} decimal places`, {
      context: { value: value.slice(0, 40), decimals },
    });
  }
  const result = BigInt(whole + fraction.padEnd(decimals, "0"));
  if (result > (parameters.max ?? MAX_UINT256)) throw outOfRange(value);
  return result;
}

/** Atomic units → the shortest decimal string (no trailing zeros, no exponent). */
export function formatUnits(value: bigint, decimals: number): string {
  assertDecimals(decimals);
  if (typeof value !== "bigint" || value < 0n) {
    throw new PaymuxError("AMOUNT_INVALID", "Atomic amounts are non-negative bigints", {
      context: { type: typeof value },
    });
  }
  const digits = value.toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
  return fraction === "" ? whole : `${whole}.${fraction}`;
}

/**
 * Wire atomic amount ("10000") → bigint. Only canonical decimal integers: no sign, no leading zeros, no
 * exponent, at most uint256 (or `max`).
 */
export function parseAtomic(value: unknown, max: bigint = MAX_UINT256): bigint {
  if (typeof value !== "string" || value.length > MAX_DIGITS || !INTEGER.test(value)) {
    throw new PaymuxError("AMOUNT_INVALID", "Atomic amount must be a canonical decimal integer string", {
      context: { value: typeof value === "string" ? value.slice(0, 40) : typeof value },
    });
  }
  const result = BigInt(value);
  if (result > max) throw outOfRange(value);
  return result;
}

function assertDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 36) {
    throw new PaymuxError("AMOUNT_INVALID", "Decimals must be an integer from 0 to 36", {
      context: { decimals },
    });
  }
}

function outOfRange(value: string): PaymuxError {
  return new PaymuxError("AMOUNT_OUT_OF_RANGE", "Amount exceeds the largest on-chain value", {
    context: { value: value.slice(0, 40) },
  });
}
