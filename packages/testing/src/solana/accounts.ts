// Reading accounts out of LiteSVM and encoding them as the RPC's UiAccount.
import type { Address } from "@solana/kit";
import type { LiteSVM } from "litesvm";
import { toBase58, toBase64 } from "./bytes.js";
import { RENT_EPOCH_EXEMPT } from "./constants.js";
import { invalidParams, RPC_ERROR_CODES, rpcError } from "./errors.js";
import type { Config } from "./params.js";
import { optionalDataSlice, optionalEnum } from "./params.js";
import { svmAccess } from "./svm-access.js";
import {
  decodeMint,
  decodeTokenAccount,
  isTokenProgram,
  parsedMint,
  parsedTokenAccount,
  tokenProgramName,
} from "./token.js";

/** An account as the engine sees it. */
export interface AccountSnapshot {
  readonly address: Address;
  readonly lamports: bigint;
  readonly owner: Address;
  readonly executable: boolean;
  readonly data: Uint8Array;
}

/** Encodings accepted for account data. */
export type AccountEncoding = "binary" | "base58" | "base64" | "base64+zstd" | "jsonParsed";

/** What an encoding request asked for. */
export interface AccountEncodingRequest {
  readonly encoding: AccountEncoding;
  readonly dataSlice: { offset: number; length: number } | undefined;
}

const MAX_BASE58_BYTES = 128;

/** Reads an account; null when it does not exist (LiteSVM treats zero-lamport accounts as absent). */
export function readAccount(svm: LiteSVM, address: Address): AccountSnapshot | null {
  return svmAccess(svm).getAccount(address);
}

/** Reads `encoding` and `dataSlice` from a config, with the RPC's default (legacy base58 "binary"). */
export function accountEncodingFrom(config: Config): AccountEncodingRequest {
  const encoding =
    optionalEnum(config, "encoding", ["binary", "base58", "base64", "base64+zstd", "jsonParsed"] as const) ??
    "binary";
  const dataSlice = optionalDataSlice(config);
  if (encoding === "base64+zstd") {
    throw invalidParams("Invalid params: base64+zstd is not supported by the paymux local RPC; use base64.");
  }
  if (encoding === "jsonParsed" && dataSlice !== undefined) {
    throw rpcError(
      RPC_ERROR_CODES.INVALID_REQUEST,
      "Sliced account data can only be encoded using binary (base 58) or base64 encoding.",
    );
  }
  return { encoding, dataSlice };
}

/** Tries to parse token accounts and mints the way jsonParsed does; undefined when no parser applies. */
function parseAccountData(svm: LiteSVM, account: AccountSnapshot): Record<string, unknown> | undefined {
  if (!isTokenProgram(account.owner)) return undefined;
  const program = tokenProgramName(account.owner);
  const space = BigInt(account.data.length);
  const tokenAccount = decodeTokenAccount(account.data, account.owner);
  if (tokenAccount !== null) {
    const mint = readAccount(svm, tokenAccount.mint);
    const mintView = mint === null ? null : decodeMint(mint.data, mint.owner);
    // Without the mint there are no decimals; the real RPC then falls back to binary as well.
    if (mintView === null) return undefined;
    return { program, parsed: parsedTokenAccount(tokenAccount, mintView.decimals), space };
  }
  const mint = decodeMint(account.data, account.owner);
  return mint === null ? undefined : { program, parsed: parsedMint(mint), space };
}

/** Encodes an account as a UiAccount. */
export function encodeAccount(
  svm: LiteSVM,
  account: AccountSnapshot,
  request: AccountEncodingRequest,
): Record<string, unknown> {
  const { encoding, dataSlice } = request;
  let data: unknown;
  const parsed = encoding === "jsonParsed" ? parseAccountData(svm, account) : undefined;
  if (parsed !== undefined) {
    data = parsed;
  } else {
    const bytes =
      dataSlice === undefined
        ? account.data
        : account.data.subarray(dataSlice.offset, dataSlice.offset + dataSlice.length);
    if ((encoding === "binary" || encoding === "base58") && bytes.length > MAX_BASE58_BYTES) {
      throw rpcError(
        RPC_ERROR_CODES.INVALID_REQUEST,
        `Encoded binary (base 58) data should be less than ${MAX_BASE58_BYTES} bytes, please use Base64 encoding.`,
      );
    }
    if (encoding === "binary") data = toBase58(bytes);
    else if (encoding === "base58") data = [toBase58(bytes), "base58"];
    else data = [toBase64(bytes), "base64"];
  }
  return {
    data,
    executable: account.executable,
    lamports: account.lamports,
    owner: account.owner,
    rentEpoch: RENT_EPOCH_EXEMPT,
    space: BigInt(account.data.length),
  };
}
