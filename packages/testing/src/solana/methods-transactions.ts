// RPC methods that take or report transactions.
import type { Address } from "@solana/kit";
import { accountEncodingFrom } from "./accounts.js";
import { fromBase58, fromBase64 } from "./bytes.js";
import { STATUS_CACHE_SLOTS } from "./constants.js";
import { describeTransactionError, invalidParams, RPC_ERROR_CODES, rpcError } from "./errors.js";
import { executeTransaction } from "./execute.js";
import type { EngineInternals, MethodTable } from "./internals.js";
import {
  type Config,
  checkContext,
  configAt,
  invalidType,
  optionalBoolean,
  optionalEnum,
  required,
  requireString,
  toAddress,
  toSignature,
  toU64,
} from "./params.js";
import { renderTransaction } from "./records.js";
import { simulateTransaction } from "./simulate.js";
import {
  messageFee,
  parseMessage,
  parseTransaction,
  transactionSignature,
  type WireTransaction,
  withBlockhash,
} from "./wire.js";

const TX_TYPE = "solana_transaction::versioned::VersionedTransaction";
const PACKET_DATA_SIZE = 1232;
const MAX_BASE58_SIZE = 1683;
const MAX_BASE64_SIZE = 1644;

function decodeWire(encoded: string, encoding: "base58" | "base64", typeName: string): Uint8Array {
  const max = encoding === "base58" ? MAX_BASE58_SIZE : MAX_BASE64_SIZE;
  if (encoded.length > max) {
    throw invalidParams(
      `${encoding} encoded ${typeName} too large: ${encoded.length} bytes (max: encoded/raw ${max}/${PACKET_DATA_SIZE})`,
    );
  }
  let bytes: Uint8Array;
  try {
    if (encoding === "base64" && !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) throw new Error("InvalidByte");
    bytes = encoding === "base58" ? fromBase58(encoded) : fromBase64(encoded);
  } catch (error) {
    throw invalidParams(`invalid ${encoding} encoding: ${(error as Error).message}`);
  }
  if (bytes.length > PACKET_DATA_SIZE) {
    throw invalidParams(
      `decoded ${typeName} too large: ${bytes.length} bytes (max: ${PACKET_DATA_SIZE} bytes)`,
    );
  }
  return bytes;
}

/** Decodes and sanity-checks a transaction parameter, failing the way the RPC does. */
function transactionParam(encoded: string, config: Config): WireTransaction {
  const encoding = optionalEnum(config, "encoding", ["base58", "base64"] as const) ?? "base58";
  const bytes = decodeWire(encoded, encoding, TX_TYPE);
  let tx: WireTransaction;
  try {
    tx = parseTransaction(bytes);
  } catch (error) {
    throw invalidParams(`failed to deserialize ${TX_TYPE}: ${(error as Error).message}`);
  }
  const { header, staticAccountKeys, instructions } = tx.message;
  const sane =
    header.numRequiredSignatures > 0 &&
    tx.signatures.length === header.numRequiredSignatures &&
    header.numRequiredSignatures + header.numReadonlyUnsignedAccounts <= staticAccountKeys.length &&
    instructions.every((ix) => ix.programIdIndex > 0 && ix.programIdIndex < staticAccountKeys.length);
  if (!sane)
    throw invalidParams("invalid transaction: Transaction failed to sanitize accounts offsets correctly");
  if (new Set(staticAccountKeys).size !== staticAccountKeys.length) {
    throw invalidParams("invalid transaction: Account loaded twice");
  }
  return tx;
}

/** The transaction-related RPC methods. */
export function transactionMethods(engine: EngineInternals): MethodTable {
  const { chain, store } = engine;
  return {
    sendTransaction(params) {
      const config = configAt(params, 1);
      const tx = transactionParam(requireString(params, 0, "transaction"), config);
      checkContext(config, chain.slot());
      if (config["maxRetries"] !== undefined) toU64(config["maxRetries"], "maxRetries");
      if (optionalBoolean(config, "skipPreflight") !== true) {
        const preflight = simulateTransaction(engine, tx, {
          sigVerify: true,
          checkBlockhash: true,
          innerInstructions: false,
          detail: false,
        });
        if (preflight.signatureFailure) {
          throw rpcError(
            RPC_ERROR_CODES.TRANSACTION_SIGNATURE_VERIFICATION_FAILURE,
            "Transaction signature verification failure",
          );
        }
        if (preflight.err !== null) {
          throw rpcError(
            RPC_ERROR_CODES.SEND_TRANSACTION_PREFLIGHT_FAILURE,
            `Transaction simulation failed: ${describeTransactionError(preflight.err)}`,
            { ...preflight.value, accounts: null },
          );
        }
      }
      // Like a validator, a transaction that cannot land is dropped silently once past preflight.
      executeTransaction(engine, tx);
      return transactionSignature(tx);
    },

    simulateTransaction(params) {
      const config = configAt(params, 1);
      let tx = transactionParam(requireString(params, 0, "transaction"), config);
      checkContext(config, chain.slot());
      const sigVerify = optionalBoolean(config, "sigVerify") ?? false;
      const replace = optionalBoolean(config, "replaceRecentBlockhash") ?? false;
      if (sigVerify && replace) throw invalidParams("sigVerify may not be used with replaceRecentBlockhash");
      let replacementBlockhash: unknown = null;
      if (replace) {
        const latest = chain.latestBlockhash();
        tx = parseTransaction(withBlockhash(tx, fromBase58(latest.blockhash)));
        replacementBlockhash = latest;
      }
      const accounts = simulationAccounts(config);
      const outcome = simulateTransaction(engine, tx, {
        sigVerify,
        checkBlockhash: !replace,
        innerInstructions: optionalBoolean(config, "innerInstructions") ?? false,
        replacementBlockhash,
        ...(accounts === undefined ? {} : { accounts }),
      });
      if (outcome.signatureFailure) {
        throw rpcError(
          RPC_ERROR_CODES.TRANSACTION_SIGNATURE_VERIFICATION_FAILURE,
          "Transaction signature verification failure",
        );
      }
      return engine.withContext(outcome.value);
    },

    getTransaction(params) {
      const signature = toSignature(required(params, 0, "signature"));
      // The second parameter may be a bare encoding string (the deprecated form).
      const config: Config = typeof params[1] === "string" ? { encoding: params[1] } : configAt(params, 1);
      const encoding =
        optionalEnum(config, "encoding", ["json", "jsonParsed", "base64", "base58"] as const) ?? "json";
      const max = config["maxSupportedTransactionVersion"];
      if (max !== undefined && max !== null) toU64(max, "maxSupportedTransactionVersion");
      optionalEnum(config, "commitment", ["confirmed", "finalized"]);
      const record = store.get(signature);
      if (record === undefined) return null;
      return renderTransaction(record, {
        encoding,
        maxSupportedTransactionVersion: max === undefined || max === null ? undefined : Number(max),
      });
    },

    getSignatureStatuses(params) {
      const list = required(params, 0, "signatures");
      if (!Array.isArray(list)) throw invalidType(list, "a sequence of signatures");
      if (list.length > 256) throw invalidParams("Invalid params: Too many inputs provided; max 256");
      const search = optionalBoolean(configAt(params, 1), "searchTransactionHistory") ?? false;
      const value = list.map((item) => {
        const record = store.get(toSignature(item));
        // Without searchTransactionHistory only the status cache (recent slots) is consulted.
        if (record === undefined || (!search && record.slot + STATUS_CACHE_SLOTS < chain.slot())) return null;
        return {
          confirmationStatus: "finalized",
          confirmations: null,
          err: record.err,
          slot: record.slot,
          status: record.err === null ? { Ok: null } : { Err: record.err },
        };
      });
      return engine.withContext(value);
    },

    requestAirdrop(params) {
      const to = toAddress(required(params, 0, "pubkey"));
      const lamports = toU64(required(params, 1, "lamports"), "lamports");
      checkContext(configAt(params, 2), chain.slot());
      return airdrop(engine, to, lamports);
    },

    getFeeForMessage(params) {
      const encoded = requireString(params, 0, "message");
      checkContext(configAt(params, 1), chain.slot());
      const bytes = decodeWire(encoded, "base64", "solana_message::versioned::VersionedMessage");
      let fee: bigint | null;
      try {
        const message = parseMessage(bytes);
        fee = chain.isBlockhashValid(message.recentBlockhash) ? messageFee(message) : null;
      } catch (error) {
        throw invalidParams(
          `failed to deserialize solana_message::versioned::VersionedMessage: ${(error as Error).message}`,
        );
      }
      return engine.withContext(fee);
    },
  };
}

function simulationAccounts(config: Config) {
  const value = config["accounts"];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object") throw invalidType(value, "an accounts config object");
  const { addresses, encoding } = value as { addresses?: unknown; encoding?: unknown };
  if (!Array.isArray(addresses)) throw invalidType(addresses, "a sequence of addresses");
  if (encoding === "binary" || encoding === "base58") throw invalidParams("base58 encoding not supported");
  return {
    addresses: addresses.map((a) => toAddress(a)),
    encoding: accountEncodingFrom({ encoding: encoding ?? "base64" }),
  };
}

/** Sends a faucet transfer to `to`; the RPC's requestAirdrop. Returns the transaction signature. */
export function airdrop(engine: EngineInternals, to: Address, lamports: bigint): string {
  const tx = parseTransaction(engine.faucet.transfer(to, lamports, engine.chain.latestBlockhash().blockhash));
  const outcome = executeTransaction(engine, tx);
  if (!outcome.landed) {
    throw rpcError(
      RPC_ERROR_CODES.INTERNAL_ERROR,
      `airdrop request failed: ${describeTransactionError(outcome.err)}`,
    );
  }
  return outcome.record.signature;
}
