// Byte helpers. Base58 is hand-rolled (the classic base-conversion loop) because it sits on the hot path
// of every request and kit's codec is several times slower for 32/64-byte values.
import { type Address, getBase64Decoder, getBase64Encoder } from "@solana/kit";

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const DIGIT_OF = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT_OF[ALPHABET.charCodeAt(i)] = i;
const base64Decoder = getBase64Decoder();
const base64Encoder = getBase64Encoder();

/** Bytes → base58 text. */
export function toBase58(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const size = Math.floor(((bytes.length - zeros) * 138) / 100) + 1;
  const digits = new Uint8Array(size);
  let length = 0;
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i] ?? 0;
    let j = 0;
    for (let k = size - 1; (carry !== 0 || j < length) && k >= 0; k--, j++) {
      carry += 256 * (digits[k] ?? 0);
      digits[k] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    length = j;
  }
  let k = size - length;
  while (k < size && digits[k] === 0) k++;
  let out = "1".repeat(zeros);
  for (; k < size; k++) out += ALPHABET[digits[k] ?? 0];
  return out;
}

/** base58 text → bytes; throws on characters outside the alphabet. */
export function fromBase58(text: string): Uint8Array {
  let zeros = 0;
  while (zeros < text.length && text.charCodeAt(zeros) === 0x31) zeros++;
  const size = Math.floor(((text.length - zeros) * 733) / 1000) + 1;
  const bytes = new Uint8Array(size);
  let length = 0;
  for (let i = zeros; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let carry = code < 128 ? (DIGIT_OF[code] ?? -1) : -1;
    if (carry < 0) throw new Error(`Invalid base58 character ${JSON.stringify(text[i])} at ${i}`);
    let j = 0;
    for (let k = size - 1; (carry !== 0 || j < length) && k >= 0; k--, j++) {
      carry += 58 * (bytes[k] ?? 0);
      bytes[k] = carry & 0xff;
      carry >>= 8;
    }
    length = j;
  }
  let k = size - length;
  while (k < size && bytes[k] === 0) k++;
  const out = new Uint8Array(zeros + size - k);
  out.set(bytes.subarray(k), zeros);
  return out;
}

/** Bytes → standard base64 text. */
export function toBase64(bytes: Uint8Array): string {
  return base64Decoder.decode(bytes);
}

/** Standard base64 text → bytes; throws on malformed input. */
export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(base64Encoder.encode(text));
}

/** 32 bytes at `offset` → an address. */
export function readAddress(bytes: Uint8Array, offset = 0): Address {
  if (bytes.length < offset + 32) throw new Error("An address needs 32 bytes");
  return toBase58(bytes.subarray(offset, offset + 32)) as Address;
}

/** An address → its 32 bytes. */
export function addressBytes(value: Address): Uint8Array {
  const bytes = fromBase58(value);
  if (bytes.length !== 32) throw new Error(`${value} is not a 32-byte address`);
  return bytes;
}

/** Reads a little-endian u64. */
export function readU64(bytes: Uint8Array, offset: number): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset, true);
}

/** Reads a little-endian u32. */
export function readU32(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, true);
}

/** Writes a little-endian u64. */
export function writeU64(bytes: Uint8Array, offset: number, value: bigint): void {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setBigUint64(offset, value, true);
}

/** Writes a little-endian u32. */
export function writeU32(bytes: Uint8Array, offset: number, value: number): void {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(offset, value, true);
}

/** Encodes a Solana "compact-u16" (shortvec) length prefix. */
export function encodeCompactU16(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  for (;;) {
    const low = rest & 0x7f;
    rest >>= 7;
    if (rest === 0) {
      out.push(low);
      return out;
    }
    out.push(low | 0x80);
  }
}

/** Concatenates byte arrays. */
export function concatBytes(parts: readonly (Uint8Array | readonly number[])[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
