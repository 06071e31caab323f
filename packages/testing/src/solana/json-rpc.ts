// JSON-RPC 2.0 envelopes around the engine: single calls, batches and notifications.
import type { SolanaEngine } from "./engine.js";
import { isRpcError, type JsonRpcErrorObject, RPC_ERROR_CODES } from "./errors.js";

/** A JSON-RPC request id. */
export type JsonRpcId = string | number | bigint | null;

/** A JSON-RPC 2.0 response envelope. */
export type JsonRpcResponse =
  | { readonly jsonrpc: "2.0"; readonly id: JsonRpcId; readonly result: unknown }
  | { readonly jsonrpc: "2.0"; readonly id: JsonRpcId; readonly error: JsonRpcErrorObject };

function errorResponse(id: JsonRpcId, error: JsonRpcErrorObject): JsonRpcResponse {
  return { jsonrpc: "2.0", id, error };
}

function idOf(request: Record<string, unknown>): JsonRpcId {
  const id = request["id"];
  return typeof id === "string" || typeof id === "number" || typeof id === "bigint" ? id : null;
}

/** Answers one JSON-RPC request object; undefined for a notification (no `id`). */
function handleJsonRpcRequest(engine: SolanaEngine, request: unknown): JsonRpcResponse | undefined {
  if (request === null || typeof request !== "object" || Array.isArray(request)) {
    return errorResponse(null, { code: RPC_ERROR_CODES.INVALID_REQUEST, message: "Invalid request" });
  }
  const fields = request as Record<string, unknown>;
  const id = idOf(fields);
  if (fields["jsonrpc"] !== "2.0" || typeof fields["method"] !== "string") {
    return errorResponse(id, { code: RPC_ERROR_CODES.INVALID_REQUEST, message: "Invalid request" });
  }
  const notification = !("id" in fields);
  let response: JsonRpcResponse;
  try {
    response = { jsonrpc: "2.0", id, result: engine.call(fields["method"], fields["params"]) };
  } catch (error) {
    if (isRpcError(error)) {
      response = errorResponse(id, error.rpc);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      response = errorResponse(id, {
        code: RPC_ERROR_CODES.INTERNAL_ERROR,
        message: `Internal error: ${message}`,
      });
    }
  }
  return notification ? undefined : response;
}

/** Answers a JSON-RPC message: one request or a batch array; undefined when nothing needs an answer. */
export function handleJsonRpcMessage(
  engine: SolanaEngine,
  message: unknown,
): JsonRpcResponse | JsonRpcResponse[] | undefined {
  if (!Array.isArray(message)) return handleJsonRpcRequest(engine, message);
  if (message.length === 0) {
    return errorResponse(null, { code: RPC_ERROR_CODES.INVALID_REQUEST, message: "Invalid request" });
  }
  const responses = message
    .map((request) => handleJsonRpcRequest(engine, request))
    .filter((response): response is JsonRpcResponse => response !== undefined);
  return responses.length === 0 ? undefined : responses;
}
