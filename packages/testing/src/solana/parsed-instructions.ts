// jsonParsed instructions for the programs payments use (System, SPL Token / Token-2022, Associated Token
// Account, Memo), in the shapes agave's transaction-status parsers produce. Servers that verify pushed
// payments read these (payment-auth §6 step 7); anything else comes back "partially decoded", as the RPC
// does for programs it has no parser for.
import type { Address } from "@solana/kit";
import { readAddress, readU32, readU64, toBase58 } from "./bytes.js";
import { ASSOCIATED_TOKEN_PROGRAM, MEMO_PROGRAM, SYSTEM_PROGRAM } from "./constants.js";
import { isTokenProgram, tokenProgramName, uiTokenAmount } from "./token.js";

const MEMO_V1_PROGRAM = "Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo";

type Info = Record<string, unknown>;
type Parsed = { type: string; info: Info };

/** Parses one instruction for jsonParsed output. */
export function parseInstruction(
  programId: Address,
  accounts: readonly Address[],
  data: Uint8Array,
  stackHeight: number | null,
): Record<string, unknown> {
  let parsed: Parsed | string | undefined;
  let program = "";
  try {
    if (programId === SYSTEM_PROGRAM) {
      program = "system";
      parsed = parseSystem(accounts, data);
    } else if (isTokenProgram(programId)) {
      program = tokenProgramName(programId);
      parsed = parseToken(accounts, data);
    } else if (programId === ASSOCIATED_TOKEN_PROGRAM) {
      program = "spl-associated-token-account";
      parsed = parseAssociatedToken(accounts, data);
    } else if (programId === MEMO_PROGRAM || programId === MEMO_V1_PROGRAM) {
      program = "spl-memo";
      parsed = new TextDecoder().decode(data);
    }
  } catch {
    // Truncated data or missing accounts: fall through to the partially decoded form, as the RPC does.
    parsed = undefined;
  }
  if (parsed === undefined) return { accounts, data: toBase58(data), programId, stackHeight };
  return { parsed, program, programId, stackHeight };
}

function at(accounts: readonly Address[], index: number): Address {
  const value = accounts[index];
  if (value === undefined) throw new Error("missing account");
  return value;
}

function need(data: Uint8Array, length: number): void {
  if (data.length < length) throw new Error("short instruction data");
}

function parseSystem(accounts: readonly Address[], data: Uint8Array): Parsed | undefined {
  need(data, 4);
  const kind = readU32(data, 0);
  if (kind === 0) {
    need(data, 52);
    const info = { source: at(accounts, 0), newAccount: at(accounts, 1) };
    return {
      type: "createAccount",
      info: { ...info, lamports: readU64(data, 4), space: readU64(data, 12), owner: readAddress(data, 20) },
    };
  }
  if (kind === 1) {
    need(data, 36);
    return { type: "assign", info: { account: at(accounts, 0), owner: readAddress(data, 4) } };
  }
  if (kind === 2) {
    need(data, 12);
    return {
      type: "transfer",
      info: { source: at(accounts, 0), destination: at(accounts, 1), lamports: readU64(data, 4) },
    };
  }
  if (kind === 8) {
    need(data, 12);
    return { type: "allocate", info: { account: at(accounts, 0), space: readU64(data, 4) } };
  }
  return undefined;
}

// An authority account followed by more accounts is a multisig with its signers.
function authority(accounts: readonly Address[], index: number, name: string, multisigName: string): Info {
  if (accounts.length > index + 1) {
    return { [multisigName]: at(accounts, index), signers: accounts.slice(index + 1) };
  }
  return { [name]: at(accounts, index) };
}

function parseToken(accounts: readonly Address[], data: Uint8Array): Parsed | undefined {
  need(data, 1);
  const kind = data[0];
  // readU64/readAddress throw on short data, which parseInstruction turns into the undecoded form.
  const amount = () => readU64(data, 1);
  const checked = () => {
    need(data, 10);
    return uiTokenAmount(readU64(data, 1), data[9] ?? 0);
  };
  switch (kind) {
    case 1:
    case 16:
    case 18: {
      const owner = kind === 1 ? at(accounts, 2) : readAddress(data, 1);
      const info: Info = { account: at(accounts, 0), mint: at(accounts, 1), owner };
      if (kind === 1) info["rentSysvar"] = at(accounts, 3);
      if (kind === 16) info["rentSysvar"] = at(accounts, 2);
      return { type: kind === 1 ? "initializeAccount" : `initializeAccount${kind === 16 ? 2 : 3}`, info };
    }
    case 0:
    case 20: {
      need(data, 35);
      const info: Info = { mint: at(accounts, 0), decimals: data[1], mintAuthority: readAddress(data, 2) };
      if (data[34] === 1) info["freezeAuthority"] = readAddress(data, 35);
      if (kind === 0) info["rentSysvar"] = at(accounts, 1);
      return { type: kind === 0 ? "initializeMint" : "initializeMint2", info };
    }
    case 3:
      return {
        type: "transfer",
        info: {
          source: at(accounts, 0),
          destination: at(accounts, 1),
          amount: amount().toString(),
          ...authority(accounts, 2, "authority", "multisigAuthority"),
        },
      };
    case 7:
    case 14: {
      const base = { mint: at(accounts, 0), account: at(accounts, 1) };
      const signer = authority(accounts, 2, "mintAuthority", "multisigMintAuthority");
      if (kind === 7) return { type: "mintTo", info: { ...base, amount: amount().toString(), ...signer } };
      return { type: "mintToChecked", info: { ...base, tokenAmount: checked(), ...signer } };
    }
    case 8:
    case 15: {
      const base = { account: at(accounts, 0), mint: at(accounts, 1) };
      const signer = authority(accounts, 2, "authority", "multisigAuthority");
      if (kind === 8) return { type: "burn", info: { ...base, amount: amount().toString(), ...signer } };
      return { type: "burnChecked", info: { ...base, tokenAmount: checked(), ...signer } };
    }
    case 9:
      return {
        type: "closeAccount",
        info: {
          account: at(accounts, 0),
          destination: at(accounts, 1),
          ...authority(accounts, 2, "owner", "multisigOwner"),
        },
      };
    case 12:
      return {
        type: "transferChecked",
        info: {
          source: at(accounts, 0),
          mint: at(accounts, 1),
          destination: at(accounts, 2),
          tokenAmount: checked(),
          ...authority(accounts, 3, "authority", "multisigAuthority"),
        },
      };
    case 17:
      return { type: "syncNative", info: { account: at(accounts, 0) } };
    case 21:
      return { type: "getAccountDataSize", info: { mint: at(accounts, 0) } };
    case 22:
      return { type: "initializeImmutableOwner", info: { account: at(accounts, 0) } };
    default:
      return undefined;
  }
}

function parseAssociatedToken(accounts: readonly Address[], data: Uint8Array): Parsed | undefined {
  const kind = data.length === 0 ? 0 : data[0];
  if (kind !== 0 && kind !== 1) return undefined;
  return {
    type: kind === 0 ? "create" : "createIdempotent",
    info: {
      source: at(accounts, 0),
      account: at(accounts, 1),
      wallet: at(accounts, 2),
      mint: at(accounts, 3),
      systemProgram: at(accounts, 4),
      tokenProgram: at(accounts, 5),
    },
  };
}
