import type { PaymuxErrorCode } from "./codes.js";

/** Extra facts attached to an error: never secrets, never whole credentials (errors end up in logs). */
export type PaymuxErrorContext = Readonly<
  Record<string, string | number | boolean | bigint | null | undefined>
>;

/** Options of {@link PaymuxError}. */
export type PaymuxErrorParameters = {
  /** Facts about the failure, safe to log. */
  context?: PaymuxErrorContext;
  /** The underlying error, if any. */
  cause?: unknown;
  /** The x402 / IETF wire reason that goes back to the peer, when it differs from a generic one. */
  reason?: string;
};

const DOCS_BASE = "https://paymux.dev/errors#";

/**
 * The one error class of paymux. Switch on `code` (stable, append-only), never on `message` (prose that may
 * improve). `reason`, when set, is the wire reason string other SDKs read (x402 `invalidReason`, ...).
 */
export class PaymuxError extends Error {
  override readonly name = "PaymuxError";
  readonly code: PaymuxErrorCode;
  readonly context: PaymuxErrorContext;
  readonly reason: string | undefined;
  /** Where this code is explained. */
  readonly docs: string;

  constructor(code: PaymuxErrorCode, message: string, parameters: PaymuxErrorParameters = {}) {
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.code = code;
    this.context = parameters.context ?? {};
    this.reason = parameters.reason;
    this.docs = DOCS_BASE + code.toLowerCase().replaceAll("_", "-");
  }

  /** A JSON-safe view (bigint context values become strings), for logs and problem bodies. */
  toJSON(): Record<string, unknown> {
    const context: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.context)) {
      context[key] = typeof value === "bigint" ? value.toString() : value;
    }
    return { name: this.name, code: this.code, message: this.message, reason: this.reason, context };
  }
}

/** True when `value` is a {@link PaymuxError}, optionally with the given code. */
export function isPaymuxError(value: unknown, code?: PaymuxErrorCode): value is PaymuxError {
  return value instanceof PaymuxError && (code === undefined || value.code === code);
}
