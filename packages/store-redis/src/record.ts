// Reading a record back from Redis. Anything else may have written under the key (another application sharing
// the prefix, a hand edit, a future format), and a record taken on trust could let a replay through, so a value
// that is not exactly a paymux record is an error, never a guess.
import { PaymuxError } from "@paymux/core";
import type { PaymentRecord } from "@paymux/core/server";

const STATES: ReadonlySet<unknown> = new Set(["claimed", "settling", "settled", "failed", "unknown"]);
const RECEIPT_OPTIONAL_STRINGS = [
  "payer",
  "errorReason",
  "errorMessage",
  "amount",
  "challengeId",
  "timestamp",
  "externalId",
] as const;

/** The error of a store that cannot answer reliably; the server turns it into an error, never into access. */
export function storeError(
  operation: string,
  problem: string,
  message: string,
  cause?: unknown,
): PaymuxError {
  // Context names the operation only: keys and values may be derived from payments and errors end up in logs.
  return new PaymuxError("STORE_UNAVAILABLE", message, {
    context: { store: "redis", operation, problem },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The error for a value under the prefix that is not a paymux record. */
export const corruptRecord = (operation: string, why: string): PaymuxError =>
  storeError(
    operation,
    "corrupt-record",
    `A value under the paymux prefix in Redis is not a paymux record (${why}); is another application writing under this prefix?`,
  );

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The record in a stored JSON text; throws a PaymuxError when it is not a well-formed {@link PaymentRecord}. */
export function parseRecord(text: string, operation: string): PaymentRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The SyntaxError is left out on purpose: its message quotes the stored text.
    throw corruptRecord(operation, "not JSON");
  }
  if (!isObject(value)) throw corruptRecord(operation, "not a JSON object");
  if (!STATES.has(value["state"])) throw corruptRecord(operation, "unknown state");
  if (typeof value["owner"] !== "string") throw corruptRecord(operation, "owner is not a string");
  const updatedAt = value["updatedAt"];
  if (typeof updatedAt !== "number" || !Number.isFinite(updatedAt)) {
    throw corruptRecord(operation, "updatedAt is not a number");
  }
  const receipt = value["receipt"];
  if (receipt !== undefined && !isReceipt(receipt)) throw corruptRecord(operation, "malformed receipt");
  if (value["credential"] !== undefined && typeof value["credential"] !== "string") {
    throw corruptRecord(operation, "credential is not a string");
  }
  const lease = value["leaseUntil"];
  if (lease !== undefined && (typeof lease !== "number" || !Number.isFinite(lease))) {
    throw corruptRecord(operation, "leaseUntil is not a number");
  }
  if (value["delivered"] !== undefined && typeof value["delivered"] !== "boolean") {
    throw corruptRecord(operation, "delivered is not a boolean");
  }
  return value as PaymentRecord;
}

function isReceipt(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (typeof value["success"] !== "boolean") return false;
  if (typeof value["transaction"] !== "string" || typeof value["network"] !== "string") return false;
  return RECEIPT_OPTIONAL_STRINGS.every(
    (field) => value[field] === undefined || typeof value[field] === "string",
  );
}

/** A reply that should be a bulk string (or nil) as text; clients may map strings to Buffers. */
export function replyText(reply: unknown, operation: string): string | undefined {
  if (reply === null || reply === undefined) return undefined;
  if (typeof reply === "string") return reply;
  if (reply instanceof Uint8Array) return Buffer.from(reply).toString("utf8");
  throw storeError(operation, "unexpected-reply", "Redis answered with an unexpected reply type");
}
