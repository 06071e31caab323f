// SPL Token and Token-2022 account layouts, decoded to the shapes the RPC reports (jsonParsed accounts,
// token balances in transaction metadata, getTokenAccountBalance).
import type { Address } from "@solana/kit";
import { readAddress, readU32, readU64 } from "./bytes.js";
import { TOKEN_2022_PROGRAM, TOKEN_PROGRAM } from "./constants.js";

/** Size of a base SPL token account. */
const TOKEN_ACCOUNT_SIZE = 165;
/** Size of a base SPL mint. */
const MINT_SIZE = 82;

/** `uiTokenAmount` / `tokenAmount` as the RPC reports it. */
export interface UiTokenAmount {
  readonly amount: string;
  readonly decimals: number;
  readonly uiAmount: number;
  readonly uiAmountString: string;
}

/** A decoded token account. */
export interface TokenAccountView {
  readonly programId: Address;
  readonly mint: Address;
  readonly owner: Address;
  readonly amount: bigint;
  readonly delegate: Address | null;
  readonly state: "initialized" | "frozen";
  readonly isNative: bigint | null;
  readonly delegatedAmount: bigint;
  readonly closeAuthority: Address | null;
  readonly extensions: readonly Record<string, unknown>[];
}

/** A decoded mint. */
export interface MintView {
  readonly programId: Address;
  readonly mintAuthority: Address | null;
  readonly supply: bigint;
  readonly decimals: number;
  readonly isInitialized: boolean;
  readonly freezeAuthority: Address | null;
  readonly extensions: readonly Record<string, unknown>[];
}

/** Whether an owner program is SPL Token or Token-2022. */
export function isTokenProgram(owner: string): boolean {
  return owner === TOKEN_PROGRAM || owner === TOKEN_2022_PROGRAM;
}

/** The RPC's program name for a token program (`spl-token` / `spl-token-2022`). */
export function tokenProgramName(owner: string): string {
  return owner === TOKEN_2022_PROGRAM ? "spl-token-2022" : "spl-token";
}

function optionalAddress(data: Uint8Array, offset: number): Address | null {
  return readU32(data, offset) === 1 ? readAddress(data, offset + 4) : null;
}

// Token-2022 puts an account-type byte at offset 165 (1 = mint, 2 = account) and TLV extensions after it.
function accountType(data: Uint8Array): number | undefined {
  return data.length > TOKEN_ACCOUNT_SIZE ? data[TOKEN_ACCOUNT_SIZE] : undefined;
}

/** Decodes an initialized token account, or null when the data is not one. */
export function decodeTokenAccount(data: Uint8Array, owner: string): TokenAccountView | null {
  if (!isTokenProgram(owner) || data.length < TOKEN_ACCOUNT_SIZE) return null;
  if (data.length > TOKEN_ACCOUNT_SIZE && (owner === TOKEN_PROGRAM || accountType(data) !== 2)) return null;
  const stateByte = data[108];
  if (stateByte !== 1 && stateByte !== 2) return null;
  return {
    programId: owner as Address,
    mint: readAddress(data, 0),
    owner: readAddress(data, 32),
    amount: readU64(data, 64),
    delegate: optionalAddress(data, 72),
    state: stateByte === 2 ? "frozen" : "initialized",
    isNative: readU32(data, 109) === 1 ? readU64(data, 113) : null,
    delegatedAmount: readU64(data, 121),
    closeAuthority: optionalAddress(data, 129),
    extensions: decodeExtensions(data),
  };
}

/** Decodes an initialized mint, or null when the data is not one. */
export function decodeMint(data: Uint8Array, owner: string): MintView | null {
  if (!isTokenProgram(owner) || data.length < MINT_SIZE) return null;
  if (data.length !== MINT_SIZE && (owner === TOKEN_PROGRAM || accountType(data) !== 1)) return null;
  if (data[45] !== 1) return null;
  return {
    programId: owner as Address,
    mintAuthority: optionalAddress(data, 0),
    supply: readU64(data, 36),
    decimals: data[44] ?? 0,
    isInitialized: true,
    freezeAuthority: optionalAddress(data, 46),
    extensions: decodeExtensions(data),
  };
}

function decodeExtensions(data: Uint8Array): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let offset = TOKEN_ACCOUNT_SIZE + 1;
  while (offset + 4 <= data.length) {
    const type = data[offset]! | (data[offset + 1]! << 8);
    const length = data[offset + 2]! | (data[offset + 3]! << 8);
    if (type === 0) break;
    const value = data.subarray(offset + 4, offset + 4 + length);
    out.push(describeExtension(type, value));
    offset += 4 + length;
  }
  return out;
}

function describeExtension(type: number, value: Uint8Array): Record<string, unknown> {
  switch (type) {
    case 3:
      return { extension: "mintCloseAuthority", state: { closeAuthority: readAddress(value, 0) } };
    case 7:
      return { extension: "immutableOwner" };
    case 8:
      return { extension: "memoTransfer", state: { requireIncomingTransferMemos: value[0] === 1 } };
    case 9:
      return { extension: "nonTransferable" };
    case 13:
      return { extension: "nonTransferableAccount" };
    case 15:
      return { extension: "transferHookAccount", state: { transferring: value[0] === 1 } };
    default:
      return { extension: "unparseableExtension" };
  }
}

/** Formats an atomic amount the way the RPC does (`uiAmountString` trims trailing zeros). */
export function uiTokenAmount(amount: bigint, decimals: number): UiTokenAmount {
  const digits = amount.toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
  return {
    amount: amount.toString(),
    decimals,
    uiAmount: Number(amount) / 10 ** decimals,
    uiAmountString: fraction.length > 0 ? `${whole}.${fraction}` : whole,
  };
}

/** The `parsed` object of a token account for jsonParsed encodings. */
export function parsedTokenAccount(view: TokenAccountView, decimals: number): Record<string, unknown> {
  const info: Record<string, unknown> = {
    isNative: view.isNative !== null,
    mint: view.mint,
    owner: view.owner,
    state: view.state,
    tokenAmount: uiTokenAmount(view.amount, decimals),
  };
  if (view.delegate !== null) {
    info["delegate"] = view.delegate;
    info["delegatedAmount"] = uiTokenAmount(view.delegatedAmount, decimals);
  }
  if (view.isNative !== null) info["rentExemptReserve"] = uiTokenAmount(view.isNative, decimals);
  if (view.closeAuthority !== null) info["closeAuthority"] = view.closeAuthority;
  if (view.extensions.length > 0) info["extensions"] = view.extensions;
  return { info, type: "account" };
}

/** The `parsed` object of a mint for jsonParsed encodings. */
export function parsedMint(view: MintView): Record<string, unknown> {
  const info: Record<string, unknown> = {
    decimals: view.decimals,
    freezeAuthority: view.freezeAuthority,
    isInitialized: view.isInitialized,
    mintAuthority: view.mintAuthority,
    supply: view.supply.toString(),
  };
  if (view.extensions.length > 0) info["extensions"] = view.extensions;
  return { info, type: "mint" };
}
