// The in-process transport: @solana/kit talks to the engine without a socket.
import { createSolanaRpcFromTransport, type Rpc, type RpcTransport, type SolanaRpcApi } from "@solana/kit";
import type { SolanaEngine } from "./engine.js";
import { parseJson, stringifyJson } from "./json.js";
import { handleJsonRpcMessage } from "./json-rpc.js";

/** A kit RPC transport that answers from the engine in-process. */
export function createLocalSolanaTransport(engine: SolanaEngine): RpcTransport {
  return async <TResponse>({ payload, signal }: { payload: unknown; signal?: AbortSignal }) => {
    signal?.throwIfAborted();
    const response = handleJsonRpcMessage(engine, payload);
    // A JSON round trip gives callers exactly what the HTTP server would send: fresh objects, no
    // undefined members, integers as the wire has them.
    return parseJson(stringifyJson(response ?? null)) as TResponse;
  };
}

/** A kit `Rpc` served in-process by the engine. */
export function createLocalSolanaRpc(engine: SolanaEngine): Rpc<SolanaRpcApi> {
  return createSolanaRpcFromTransport(createLocalSolanaTransport(engine));
}
