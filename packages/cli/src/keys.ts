// Reading a private key for `paymux pay`. Error messages never quote the key: a typo'd key is still a key.
import { PaymuxError } from "@paymux/core";
import { getBase58Encoder } from "@solana/kit";
import type { Hex } from "viem";

/** A parsed key: a 32-byte EVM key as hex, or a 64-byte Solana secret key (seed ‖ public key). */
export type ParsedKey = { family: "evm"; key: Hex } | { family: "solana"; key: Uint8Array };

/** Recognises hex (EVM), a JSON byte array or base58 (Solana, 64 bytes, as solana-keygen and wallets export). */
export function parseKey(text: string, source: string): ParsedKey {
  const value = text.trim();
  if (/^(0x)?[0-9a-fA-F]{64}$/.test(value)) {
    return { family: "evm", key: (value.startsWith("0x") ? value : `0x${value}`) as Hex };
  }
  let bytes: Uint8Array | undefined;
  if (value.startsWith("[")) {
    try {
      const array: unknown = JSON.parse(value);
      if (Array.isArray(array) && array.every((n) => Number.isInteger(n) && n >= 0 && n < 256)) {
        bytes = Uint8Array.from(array as number[]);
      }
    } catch {
      bytes = undefined;
    }
  } else if (/^[1-9A-HJ-NP-Za-km-z]+$/.test(value)) {
    bytes = Uint8Array.from(getBase58Encoder().encode(value));
  }
  if (bytes?.length === 64) return { family: "solana", key: bytes };
  throw new PaymuxError(
    "CONFIG_INVALID",
    `The key from ${source} is neither a 32-byte hex EVM key nor a 64-byte Solana key (base58 or JSON array)`,
    { context: { source } },
  );
}
