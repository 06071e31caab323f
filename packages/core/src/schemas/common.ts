import {
  custom,
  type GenericSchema,
  type InferOutput,
  integer,
  maxLength,
  maxValue,
  minLength,
  minValue,
  number,
  pipe,
  regex,
  safeParse,
  string,
} from "valibot";
import { PaymuxError, type PaymuxErrorCode } from "../errors/index.js";

/** A canonical non-negative decimal integer string of at most 78 digits (every uint256 fits). */
export const AtomicAmountSchema = pipe(
  string(),
  maxLength(78),
  regex(/^(0|[1-9][0-9]*)$/, "not an atomic amount"),
);
/** A canonical positive decimal integer string. */
export const PositiveAmountSchema = pipe(
  string(),
  maxLength(78),
  regex(/^[1-9][0-9]*$/, "not a positive amount"),
);
/** A JSON object, kept as is (valibot's `record` lets arrays through and rebuilds the object). */
export const JsonObjectSchema = custom<Record<string, unknown>>(
  (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  "not a JSON object",
);
/** A non-empty string of bounded length (addresses, ids, names). */
export const IdSchema = pipe(string(), minLength(1), maxLength(256));
/** A CAIP-2 network id, as loosely as the x402 reference validates it (length ≥ 3 and contains `:`). */
export const NetworkSchema = pipe(string(), minLength(3), maxLength(128), regex(/:/, "not a CAIP-2 network"));
/** Unix seconds or a decimal string of them. */
export const UnixSecondsSchema = pipe(
  string(),
  maxLength(20),
  regex(/^(0|[1-9][0-9]*)$/, "not unix seconds"),
);
/** A positive safe integer. */
export const PositiveIntSchema = pipe(number(), integer(), minValue(1), maxValue(Number.MAX_SAFE_INTEGER));
/** 0x-prefixed hex of any even length. */
export const HexSchema = pipe(string(), maxLength(65_536), regex(/^0x(?:[0-9a-fA-F]{2})*$/, "not 0x hex"));
/** A 20-byte 0x address (any case: checksums are compared by value, not spelling). */
export const EvmAddressSchema = pipe(string(), regex(/^0x[0-9a-fA-F]{40}$/, "not an EVM address"));
/** A 32-byte 0x hex value. */
export const Bytes32Schema = pipe(string(), regex(/^0x[0-9a-fA-F]{64}$/, "not 32 bytes of hex"));
/** A base58 string (Solana addresses and signatures). */
export const Base58Schema = pipe(
  string(),
  minLength(32),
  maxLength(88),
  regex(/^[1-9A-HJ-NP-Za-km-z]+$/, "not base58"),
);

/**
 * Validates `value` with `schema`, throwing a coded {@link PaymuxError} that names the first failing path
 * (never the value: it may be a credential).
 */
export function parseSchema<const TSchema extends GenericSchema>(
  schema: TSchema,
  value: unknown,
  what: string,
  code: PaymuxErrorCode = "SCHEMA_INVALID",
): InferOutput<TSchema> {
  const result = safeParse(schema, value);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = issue.path?.map((item) => String(item.key)).join(".") ?? "";
  throw new PaymuxError(code, `${what} is invalid${path ? ` at ${path}` : ""}: ${issue.message}`, {
    context: { what, path },
  });
}
