import { PaymuxError } from "../errors/index.js";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const INVALID = 0xff;
const PAD = 0x3d; // "="

type Alphabet = { encode: Uint8Array; decode: Uint8Array };

function alphabet(chars: string): Alphabet {
  const encode = new Uint8Array(64);
  const decode = new Uint8Array(128).fill(INVALID);
  for (let i = 0; i < 64; i++) {
    encode[i] = chars.charCodeAt(i);
    decode[chars.charCodeAt(i)] = i;
  }
  return { encode, decode };
}

const STANDARD = alphabet(`${ALNUM}+/`);
const URL_SAFE = alphabet(`${ALNUM}-_`);

const UTF8_ENCODER = new TextEncoder();
// fatal: invalid UTF-8 must fail, not become U+FFFD; ignoreBOM: keep a leading BOM so decoding is lossless.
const UTF8_DECODER = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Standard base64 (RFC 4648 §4) with `=` padding, as x402 headers use. */
export function encodeBase64(bytes: Uint8Array): string {
  return encode(bytes, STANDARD.encode, true);
}

/** base64url (RFC 4648 §5) without padding, as IETF Payment headers use. */
export function encodeBase64Url(bytes: Uint8Array): string {
  return encode(bytes, URL_SAFE.encode, false);
}

/**
 * Decodes standard padded base64 exactly as strictly as the x402 reference: `^[A-Za-z0-9+/]*={0,2}$` and a
 * length divisible by 4. Leftover non-zero bits in the last character are ignored (like `atob`, `Buffer`).
 * Throws BASE64_MALFORMED on anything else.
 */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  if (typeof text !== "string") throw base64Error("value is not a string");
  if (text.length % 4 !== 0) throw base64Error("length is not a multiple of 4");
  let dataLength = text.length;
  if (dataLength > 0 && text.charCodeAt(dataLength - 1) === PAD) dataLength--;
  if (dataLength > 0 && text.charCodeAt(dataLength - 1) === PAD) dataLength--;
  return decode(text, dataLength, STANDARD.decode);
}

/**
 * Decodes base64url with or without `=` padding (payment-auth.md §1.3: decoders must accept both). Padding,
 * when present, must be complete. Refuses the standard alphabet's `+` and `/`, whitespace and anything else.
 */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (typeof text !== "string") throw base64Error("value is not a string");
  let dataLength = text.length;
  if (dataLength > 0 && text.charCodeAt(dataLength - 1) === PAD) dataLength--;
  if (dataLength > 0 && text.charCodeAt(dataLength - 1) === PAD) dataLength--;
  if (dataLength !== text.length && text.length % 4 !== 0) throw base64Error("incomplete padding");
  return decode(text, dataLength, URL_SAFE.decode);
}

/** UTF-8 bytes of `text` (lone surrogates become U+FFFD, as with every `TextEncoder`). */
export function utf8Encode(text: string): Uint8Array<ArrayBuffer> {
  return UTF8_ENCODER.encode(text);
}

/**
 * Decodes UTF-8, failing on invalid sequences. Throws JSON_MALFORMED: every paymux payload that goes through
 * here is JSON text, and bytes that are not UTF-8 cannot be JSON text (RFC 8259 §8.1), valid base64 or not.
 */
export function utf8Decode(bytes: Uint8Array): string {
  try {
    return UTF8_DECODER.decode(bytes);
  } catch {
    throw new PaymuxError("JSON_MALFORMED", "payload is not valid UTF-8");
  }
}

/** base64(UTF-8(JSON.stringify(value))): byte for byte what x402 peers emit for headers. */
export function encodeBase64Json(value: unknown): string {
  return encodeBase64(utf8Encode(stringifyJson(value)));
}

/** Decodes an x402 base64 JSON header; BASE64_MALFORMED for the encoding, JSON_MALFORMED for the text. */
export function decodeBase64Json(text: string): unknown {
  return parseJson(utf8Decode(decodeBase64(text)));
}

/** base64url(UTF-8(JSON.stringify(value))), unpadded. Not JCS: use `canonicalizeJson` where JCS is due. */
export function encodeBase64UrlJson(value: unknown): string {
  return encodeBase64Url(utf8Encode(stringifyJson(value)));
}

/** Decodes a base64url JSON value (padded or not); never requires JCS on input. */
export function decodeBase64UrlJson(text: string): unknown {
  return parseJson(utf8Decode(decodeBase64Url(text)));
}

function encode(bytes: Uint8Array, table: Uint8Array, pad: boolean): string {
  const length = bytes.length;
  const remainder = length % 3;
  const fullEnd = length - remainder;
  const tail = remainder === 0 ? 0 : pad ? 4 : remainder + 1;
  const out = new Uint8Array((fullEnd / 3) * 4 + tail);
  let o = 0;
  for (let i = 0; i < fullEnd; i += 3) {
    const triple = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = table[triple >>> 18] as number;
    out[o++] = table[(triple >>> 12) & 63] as number;
    out[o++] = table[(triple >>> 6) & 63] as number;
    out[o++] = table[triple & 63] as number;
  }
  if (remainder !== 0) {
    const first = bytes[fullEnd] as number;
    const second = remainder === 2 ? (bytes[fullEnd + 1] as number) : 0;
    out[o++] = table[first >>> 2] as number;
    out[o++] = table[((first & 3) << 4) | (second >>> 4)] as number;
    if (remainder === 2) out[o++] = table[(second & 15) << 2] as number;
    else if (pad) out[o++] = PAD;
    if (pad) out[o++] = PAD;
  }
  // All output is ASCII, so one native decode beats building the string a character at a time.
  return UTF8_DECODER.decode(out);
}

function decode(text: string, dataLength: number, table: Uint8Array): Uint8Array<ArrayBuffer> {
  const remainder = dataLength % 4;
  if (remainder === 1) throw base64Error("length leaves a dangling character");
  const out = new Uint8Array((dataLength * 3) >>> 2);
  const fullEnd = dataLength - remainder;
  let o = 0;
  let i = 0;
  for (; i < fullEnd; i += 4) {
    const a = sextet(text, i, table);
    const b = sextet(text, i + 1, table);
    const c = sextet(text, i + 2, table);
    const d = sextet(text, i + 3, table);
    if ((a | b | c | d) > 63) throw invalidAt(text, i, table);
    const triple = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = triple >>> 16;
    out[o++] = (triple >>> 8) & 0xff;
    out[o++] = triple & 0xff;
  }
  if (remainder !== 0) {
    const a = sextet(text, i, table);
    const b = sextet(text, i + 1, table);
    const c = remainder === 3 ? sextet(text, i + 2, table) : 0;
    if ((a | b | c) > 63) throw invalidAt(text, i, table);
    out[o++] = (a << 2) | (b >>> 4);
    if (remainder === 3) out[o++] = ((b & 15) << 4) | (c >>> 2);
  }
  return out;
}

// 0-63, or INVALID (0xff), so that one OR over a group tells whether any of its characters was bad.
function sextet(text: string, index: number, table: Uint8Array): number {
  const code = text.charCodeAt(index);
  return code < 128 ? (table[code] as number) : INVALID;
}

function invalidAt(text: string, from: number, table: Uint8Array): PaymuxError {
  let i = from;
  while (sextet(text, i, table) !== INVALID) i++;
  return base64Error(text.charCodeAt(i) === PAD ? "misplaced padding" : "invalid character", i);
}

function base64Error(problem: string, position?: number): PaymuxError {
  const where = position === undefined ? "" : ` at offset ${position}`;
  return new PaymuxError("BASE64_MALFORMED", `malformed base64: ${problem}${where}`, {
    context: position === undefined ? {} : { position },
  });
}

function stringifyJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new PaymuxError("JSON_MALFORMED", "value cannot be serialized as JSON", { cause });
  }
  if (text === undefined) throw new PaymuxError("JSON_MALFORMED", "value has no JSON representation");
  return text;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The SyntaxError is dropped on purpose: V8 quotes the input in it, and the input can be a credential.
    throw new PaymuxError("JSON_MALFORMED", "payload is not valid JSON");
  }
}
