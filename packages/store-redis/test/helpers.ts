// Small helpers shared by the Redis store tests.
import { isPaymuxError, type PaymuxError, type PaymuxErrorCode } from "@paymux/core";
import type { PaymentRecord } from "@paymux/core/server";
import { expect } from "vitest";

/** A claimed record of `owner`. */
export const record = (owner: string, state: PaymentRecord["state"] = "claimed"): PaymentRecord => ({
  state,
  owner,
  updatedAt: 1_700_000_000_000,
});

let n = 0;
/** A key no other test uses. */
export const uniqueKey = (label = "k") => `${label}:${process.pid}:${Date.now()}:${n++}`;

/** Awaits `promise`, expects a PaymuxError with `code`, and returns it. */
export async function expectPaymuxError(
  promise: Promise<unknown>,
  code: PaymuxErrorCode = "STORE_UNAVAILABLE",
): Promise<PaymuxError> {
  const error = await promise.then(
    () => new Error("expected a rejection"),
    (caught: unknown) => caught,
  );
  expect(error).toMatchObject({ name: "PaymuxError", code });
  if (!isPaymuxError(error, code)) throw error;
  return error;
}
