import type { FailedTransactionMetadata } from "litesvm";
import { INSTRUCTION_ERRORS, TRANSACTION_ERRORS } from "./error-names.js";

/** JSON-RPC error codes used by the Solana RPC (standard ones plus agave's server errors). */
export const RPC_ERROR_CODES = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  SEND_TRANSACTION_PREFLIGHT_FAILURE: -32002,
  TRANSACTION_SIGNATURE_VERIFICATION_FAILURE: -32003,
  UNSUPPORTED_TRANSACTION_VERSION: -32015,
  MIN_CONTEXT_SLOT_NOT_REACHED: -32016,
} as const;

/** The `error` member of a JSON-RPC error response. */
export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** An Error that carries the JSON-RPC error the engine answers with. */
export type SolanaRpcError = Error & { readonly rpc: JsonRpcErrorObject };

/** A transaction error as the RPC serializes it: `"BlockhashNotFound"`, `{ InstructionError: [0, { Custom: 1 }] }`, … */
export type TransactionErrorJson = string | { readonly [variant: string]: unknown };

/** Creates the error an RPC method throws to answer with a JSON-RPC error envelope. */
export function rpcError(code: number, message: string, data?: unknown): SolanaRpcError {
  const rpc: JsonRpcErrorObject = data === undefined ? { code, message } : { code, message, data };
  return Object.assign(new Error(message), { rpc });
}

/** Tells whether a thrown value is an RPC error made by {@link rpcError}. */
export function isRpcError(value: unknown): value is SolanaRpcError {
  return value instanceof Error && typeof (value as { rpc?: unknown }).rpc === "object";
}

/** -32602 with a message, the answer to malformed parameters. */
export function invalidParams(message: string): SolanaRpcError {
  return rpcError(RPC_ERROR_CODES.INVALID_PARAMS, message);
}

type LiteSvmTransactionError = ReturnType<FailedTransactionMetadata["err"]>;

/** Maps the error of LiteSVM's failed-transaction metadata to the RPC's JSON shape. */
export function transactionErrorToJson(err: LiteSvmTransactionError): TransactionErrorJson {
  if (typeof err === "number") return TRANSACTION_ERRORS[err]?.[0] ?? `UnknownTransactionError${err}`;
  const kind = err.constructor.name;
  const fields = err as unknown as { index?: number; accountIndex?: number; err?: () => unknown };
  if (kind === "TransactionErrorInstructionError" && typeof fields.err === "function") {
    return { InstructionError: [fields.index ?? 0, instructionErrorToJson(fields.err())] };
  }
  if (kind === "TransactionErrorDuplicateInstruction") return { DuplicateInstruction: fields.index ?? 0 };
  if (kind === "TransactionErrorInsufficientFundsForRent") {
    return { InsufficientFundsForRent: { account_index: fields.accountIndex ?? 0 } };
  }
  if (kind === "TransactionErrorProgramExecutionTemporarilyRestricted") {
    return { ProgramExecutionTemporarilyRestricted: { account_index: fields.accountIndex ?? 0 } };
  }
  // A variant this table does not know yet: keep LiteSVM's own text rather than lose the error.
  return String(err);
}

function instructionErrorToJson(err: unknown): TransactionErrorJson {
  if (typeof err === "number") return INSTRUCTION_ERRORS[err]?.[0] ?? `UnknownInstructionError${err}`;
  if (err !== null && typeof err === "object") {
    const kind = err.constructor.name;
    if (kind === "InstructionErrorCustom") return { Custom: (err as { code: number }).code };
    // agave ≥ 3 serializes BorshIoError without its message.
    if (kind === "InstructionErrorBorshIo") return "BorshIoError";
  }
  return String(err);
}

/** The Display text agave gives a transaction error, as used in "Transaction simulation failed: …". */
export function describeTransactionError(err: TransactionErrorJson): string {
  if (typeof err === "string") return TRANSACTION_ERRORS.find(([name]) => name === err)?.[1] ?? err;
  const [variant, value] = Object.entries(err)[0] ?? ["", undefined];
  if (variant === "InstructionError" && Array.isArray(value)) {
    const [index, inner] = value as [number, TransactionErrorJson];
    return `Error processing Instruction ${index}: ${describeInstructionError(inner)}`;
  }
  if (variant === "DuplicateInstruction") {
    return `Transaction contains a duplicate instruction (${String(value)}) that is not allowed`;
  }
  const accountIndex = (value as { account_index?: number } | undefined)?.account_index;
  if (variant === "InsufficientFundsForRent") {
    return `Transaction results in an account (${accountIndex}) with insufficient funds for rent`;
  }
  if (variant === "ProgramExecutionTemporarilyRestricted") {
    return `Execution of the program referenced by account at index ${accountIndex} is temporarily restricted.`;
  }
  return variant;
}

function describeInstructionError(err: TransactionErrorJson): string {
  if (typeof err === "string") return INSTRUCTION_ERRORS.find(([name]) => name === err)?.[1] ?? err;
  if ("Custom" in err) return `custom program error: 0x${Number(err.Custom).toString(16)}`;
  return JSON.stringify(err);
}
