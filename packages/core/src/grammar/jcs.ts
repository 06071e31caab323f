import { PaymuxError } from "../errors/index.js";

/** Deepest nesting {@link canonicalizeJson} accepts; also what stops cyclic values, without tracking them. */
export const JCS_MAX_DEPTH = 256;

// With the `u` flag a surrogate class only matches surrogates that are not part of a pair.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * RFC 8785 (JCS) serialization for paymux's value space: strings, finite numbers, booleans, null, arrays and
 * plain objects. Keys are sorted by UTF-16 code units and `undefined`-valued keys are dropped. Anything else
 * (bigint, non-finite numbers, functions, symbols, `undefined` elsewhere, class instances, lone surrogates,
 * nesting deeper than {@link JCS_MAX_DEPTH}) throws JCS_UNSUPPORTED_VALUE.
 */
export function canonicalizeJson(value: unknown): string {
  return write(value, 0);
}

function write(value: unknown, depth: number): string {
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
      if (!Number.isFinite(value)) throw unsupported("non-finite number");
      // ECMAScript number serialization is exactly what RFC 8785 §3.2.2.3 prescribes (and -0 becomes 0).
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      if (depth >= JCS_MAX_DEPTH) throw unsupported("value nested too deeply (or cyclic)");
      if (Array.isArray(value)) return writeArray(value, depth + 1);
      if (isPlainObject(value)) return writeObject(value as Record<string, unknown>, depth + 1);
      throw unsupported("object that is not a plain object or array");
    default:
      throw unsupported(typeof value);
  }
}

function writeArray(items: readonly unknown[], depth: number): string {
  let out = "[";
  for (let i = 0; i < items.length; i++) {
    // JSON.stringify would turn undefined (and holes) into null, which does not parse back to the same array.
    if (items[i] === undefined) throw unsupported("undefined array element");
    out += (i === 0 ? "" : ",") + write(items[i], depth);
  }
  return `${out}]`;
}

function writeObject(object: Record<string, unknown>, depth: number): string {
  // Default sort compares UTF-16 code units, which is the order RFC 8785 §3.2.3 requires.
  const keys = Object.keys(object).sort();
  let out = "{";
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    out += `${first ? "" : ","}${quote(key)}:${write(member, depth)}`;
    first = false;
  }
  return `${out}}`;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function quote(text: string): string {
  // RFC 8785 §3.1 requires I-JSON input; JSON.stringify would emit a lone surrogate as an escape other JCS
  // implementations refuse or encode differently.
  if (LONE_SURROGATE.test(text)) throw unsupported("string with a lone surrogate");
  return JSON.stringify(text);
}

function unsupported(what: string): PaymuxError {
  return new PaymuxError("JCS_UNSUPPORTED_VALUE", `cannot canonicalize ${what}`);
}
