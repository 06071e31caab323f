// The engine over HTTP on loopback, for clients that only take a URL (web3.js, other SDKs, a browser).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SolanaEngine } from "./engine.js";
import { RPC_ERROR_CODES } from "./errors.js";
import { parseJson, stringifyJson } from "./json.js";
import { handleJsonRpcMessage } from "./json-rpc.js";

/** Options of {@link startSolanaRpcServer}. */
export interface StartSolanaRpcServerParameters {
  /** Port to listen on (default 0: a free port). */
  readonly port?: number;
  /** Interface to bind (default 127.0.0.1). */
  readonly host?: string;
  /** Largest request body accepted, in bytes (default 1 MiB); larger bodies get 413. */
  readonly maxBodyBytes?: number;
}

/** A running Solana JSON-RPC HTTP server. */
export interface SolanaRpcServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

function corsHeaders(request: IncomingMessage): Record<string, string> {
  return {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "POST, OPTIONS",
    "access-control-allow-headers":
      request.headers["access-control-request-headers"] ?? "content-type, solana-client",
    "access-control-max-age": "86400",
  };
}

function answer(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  response.writeHead(status, headers);
  response.end(body);
}

function handle(
  engine: SolanaEngine,
  maxBodyBytes: number,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const cors = corsHeaders(request);
  if (request.method === "OPTIONS") return answer(response, 204, cors, "");
  // agave serves GET /health next to the RPC; some tooling probes it.
  if (request.method === "GET" && request.url === "/health") {
    return answer(response, 200, { ...cors, "content-type": "text/plain" }, "ok");
  }
  if (request.method !== "POST") {
    return answer(
      response,
      405,
      { ...cors, allow: "POST, OPTIONS" },
      "Used HTTP Method is not allowed. POST or OPTIONS is required",
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  request.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBodyBytes) {
      if (!tooLarge) answer(response, 413, { ...cors, connection: "close" }, "Payload Too Large");
      tooLarge = true;
      chunks.length = 0;
      return;
    }
    chunks.push(chunk);
  });
  request.on("end", () => {
    if (tooLarge) return;
    let message: unknown;
    try {
      message = parseJson(Buffer.concat(chunks).toString("utf8"));
    } catch {
      const error = { code: RPC_ERROR_CODES.PARSE_ERROR, message: "Parse error" };
      return answer(
        response,
        200,
        { ...cors, ...JSON_HEADERS },
        stringifyJson({ jsonrpc: "2.0", error, id: null }),
      );
    }
    const reply = handleJsonRpcMessage(engine, message);
    answer(response, 200, { ...cors, ...JSON_HEADERS }, reply === undefined ? "" : stringifyJson(reply));
  });
}

/** Serves the engine's JSON-RPC over HTTP on a loopback port. */
export function startSolanaRpcServer(
  engine: SolanaEngine,
  parameters: StartSolanaRpcServerParameters = {},
): Promise<SolanaRpcServer> {
  const maxBodyBytes = parameters.maxBodyBytes ?? 1024 * 1024;
  const host = parameters.host ?? "127.0.0.1";
  const server = createServer((request, response) => handle(engine, maxBodyBytes, request, response));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(parameters.port ?? 0, host, () => {
      server.off("error", reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
