// Parameter checks shared by the RPC methods. Bad input answers -32602 with a message in the style of the
// real RPC's serde errors, never a crash.
import { type Address, isAddress } from "@solana/kit";
import { fromBase58 } from "./bytes.js";
import { invalidParams, RPC_ERROR_CODES, rpcError } from "./errors.js";

/** A method's config object (`{}` when absent). */
export type Config = Readonly<Record<string, unknown>>;

function describe(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  if (typeof value === "number" || typeof value === "bigint") return `integer \`${value}\``;
  if (Array.isArray(value)) return "sequence";
  return typeof value === "object" ? "map" : typeof value;
}

/** Fails with "invalid type" the way serde reports it. */
export function invalidType(value: unknown, expected: string): Error {
  return invalidParams(`Invalid params: invalid type: ${describe(value)}, expected ${expected}.`);
}

/** The positional parameters of a request (`[]` when omitted). */
export function paramList(params: unknown): readonly unknown[] {
  if (params === undefined || params === null) return [];
  if (!Array.isArray(params)) throw invalidParams("Invalid params: expected an array of parameters.");
  return params;
}

/** A required parameter at `index`. */
export function required(params: readonly unknown[], index: number, what: string): unknown {
  const value = params[index];
  if (value === undefined || value === null) {
    throw invalidParams(`Invalid params: missing parameter ${index} (${what}).`);
  }
  return value;
}

/** A required string parameter. */
export function requireString(params: readonly unknown[], index: number, what: string): string {
  const value = required(params, index, what);
  if (typeof value !== "string") throw invalidType(value, "a string");
  return value;
}

/** A base58 address. */
export function toAddress(value: unknown): Address {
  if (typeof value !== "string") throw invalidType(value, "a base58 address string");
  if (!isAddress(value)) throw invalidParams(`Invalid param: ${value} is not a base58 32-byte address`);
  return value;
}

/** A base58 transaction signature (64 bytes). */
export function toSignature(value: unknown): string {
  if (typeof value !== "string") throw invalidType(value, "a base58 signature string");
  let length = -1;
  try {
    length = value.length > 0 && value.length <= 88 ? fromBase58(value).length : -1;
  } catch {
    length = -1;
  }
  if (length !== 64) throw invalidParams(`Invalid param: ${value} is not a base58 64-byte signature`);
  return value;
}

/** The optional config object at `index`. */
export function configAt(params: readonly unknown[], index: number): Config {
  const value = params[index];
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw invalidType(value, "a config object");
  return value as Config;
}

/** A u64 given as a JSON integer (number or, from kit in-process, bigint). */
export function toU64(value: unknown, what: string): bigint {
  if (typeof value === "bigint" && value >= 0n && value < 1n << 64n) return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw invalidType(value, `u64 (${what})`);
}

/** An optional boolean config field. */
export function optionalBoolean(config: Config, key: string): boolean | undefined {
  const value = config[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalidType(value, `a boolean (${key})`);
  return value;
}

/** An optional string config field restricted to `allowed`. */
export function optionalEnum<T extends string>(
  config: Config,
  key: string,
  allowed: readonly T[],
): T | undefined {
  const value = config[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw invalidParams(
      `Invalid params: unknown variant ${describe(value)} for ${key}, expected one of ${allowed.join(", ")}.`,
    );
  }
  return value as T;
}

/** Checks the commitment and minContextSlot fields every context-bearing method accepts. */
export function checkContext(config: Config, slot: bigint): void {
  optionalEnum(config, "commitment", [
    "processed",
    "confirmed",
    "finalized",
    "recent",
    "single",
    "root",
    "max",
  ]);
  optionalEnum(config, "preflightCommitment", ["processed", "confirmed", "finalized"]);
  const minContextSlot = config["minContextSlot"];
  if (minContextSlot === undefined || minContextSlot === null) return;
  if (toU64(minContextSlot, "minContextSlot") > slot) {
    throw rpcError(
      RPC_ERROR_CODES.MIN_CONTEXT_SLOT_NOT_REACHED,
      "Minimum context slot has not been reached",
      {
        contextSlot: slot,
      },
    );
  }
}

/** An optional `dataSlice: { offset, length }`. */
export function optionalDataSlice(config: Config): { offset: number; length: number } | undefined {
  const value = config["dataSlice"];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object") throw invalidType(value, "a dataSlice object");
  const { offset, length } = value as { offset?: unknown; length?: unknown };
  return {
    offset: Number(toU64(offset, "dataSlice.offset")),
    length: Number(toU64(length, "dataSlice.length")),
  };
}
