// The deployable service: payees from the configuration, the facilitator handler behind node:http, a health
// endpoint, optional bearer auth, one log line per request, and a graceful close.
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exactEvmPayee, pushEvmPayee } from "@paymux/chain-evm/server";
import { exactSolanaPayee, pushSolanaPayee } from "@paymux/chain-solana/server";
import type { SchemePayee } from "@paymux/core";
import { memoryStore, type PaymentStore } from "@paymux/core/server";
import { createFacilitator, MAX_BODY_BYTES } from "@paymux/facilitator";
import { redisStore } from "@paymux/store-redis";
import { createKeyPairSignerFromBytes, createSolanaRpc } from "@solana/kit";
import { privateKeyToAccount } from "viem/accounts";
import { configError, ENV, parseConfig, type ServiceConfig, type ServiceEnv } from "./config.js";

/** A running facilitator service. */
export type FacilitatorService = {
  /** Base URL, e.g. `http://127.0.0.1:4020`. */
  url: string;
  /** Stops accepting connections, lets in-flight requests finish, then closes the store. Idempotent. */
  close(): Promise<void>;
};

/** Options of {@link startFacilitatorService} beyond the environment. */
export type StartFacilitatorServiceOptions = {
  /** Where request log lines go (default: stdout). */
  log?: (line: string) => void;
  /** Longest wait for in-flight requests on close before their connections are cut (default 30,000 ms). */
  shutdownTimeoutMs?: number;
};

/** Starts the facilitator service from environment variables; rejects with CONFIG_INVALID listing every problem. */
export async function startFacilitatorService(
  env: ServiceEnv,
  options: StartFacilitatorServiceOptions = {},
): Promise<FacilitatorService> {
  const config = parseConfig(env);
  const payees = await createPayees(config);
  const networks = [...new Set(payees.flatMap((payee) => payee.networks))];
  const store: PaymentStore = config.redisUrl ? redisStore({ url: config.redisUrl }) : memoryStore();
  const facilitator = createFacilitator({ payees, store });
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const authorized = config.token === undefined ? () => true : bearerCheck(config.token);

  let inFlight = 0;
  let closing = false;
  const server = createServer((request, response) => {
    inFlight++;
    const started = performance.now();
    const path = pathOf(request.url);
    // Shutting down: this connection is not reused, so it ends with this response.
    if (closing) response.setHeader("Connection", "close");
    response.on("close", () => {
      inFlight--;
      // Only the path: queries, headers and bodies may carry tokens or payments.
      const ms = Math.round(performance.now() - started);
      // 499 (as nginx logs it): the client left before the answer was complete.
      const status = response.writableFinished ? response.statusCode : 499;
      log(`${request.method ?? "-"} ${path} ${status} ${ms}ms`);
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    void handle(request, response, path).catch(() => {
      // A client that went away mid-body has nobody left to answer.
      if (response.destroyed || request.destroyed) return;
      if (!response.headersSent) send(response, 500, { error: "Internal error" });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    if (path === "/health") {
      if (request.method !== "GET" && request.method !== "HEAD") {
        return send(response, 405, { error: "Method not allowed" }, { Allow: "GET, HEAD" });
      }
      return send(response, 200, { ok: true, networks });
    }
    const endpoint = path.replace(/\/+$/, "").split("/").at(-1);
    if ((endpoint === "verify" || endpoint === "settle") && !authorized(request.headers.authorization)) {
      return send(response, 401, { error: "Unauthorized" }, { "WWW-Authenticate": "Bearer" });
    }
    const body = await readBody(request);
    if (body === "too-large") {
      // The rest of the body is never read: answer, then drop the connection.
      response.on("finish", () => request.socket.destroy());
      const error = `The request body is larger than ${MAX_BODY_BYTES} bytes`;
      return send(response, 413, { error, code: "BODY_TOO_LARGE" }, { Connection: "close" });
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const answer = await facilitator.fetch(
      new Request(`http://facilitator.internal${path}`, {
        method: request.method ?? "GET",
        headers,
        ...(body === undefined ? {} : { body: Uint8Array.from(body) }),
      }),
    );
    const bytes = Buffer.from(await answer.arrayBuffer());
    response.statusCode = answer.status;
    answer.headers.forEach((value, name) => {
      response.setHeader(name, value);
    });
    response.setHeader("Content-Length", bytes.byteLength);
    response.end(request.method === "HEAD" ? undefined : bytes);
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await store.close?.().catch(() => undefined);
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    close() {
      closed ??= (async () => {
        closing = true;
        // Connections waiting for their next request close now; busy ones close after their response.
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const deadline = setTimeout(() => server.closeAllConnections(), options.shutdownTimeoutMs ?? 30_000);
        await stopped;
        clearTimeout(deadline);
        await store.close?.().catch(() => undefined);
        if (inFlight > 0) log(`closed with ${inFlight} request(s) cut off`);
      })();
      return closed;
    },
  };
}

async function createPayees(config: ServiceConfig): Promise<SchemePayee[]> {
  const payees: SchemePayee[] = [];
  if (config.evmSettlerKey && Object.keys(config.evmRpcUrls).length > 0) {
    const settler = privateKeyToAccount(config.evmSettlerKey);
    // push (a transfer the client broadcast) needs no key: served so paymux servers can check IETF `hash` remotely.
    payees.push(
      exactEvmPayee({ rpcUrls: config.evmRpcUrls, settler }),
      pushEvmPayee({ rpcUrls: config.evmRpcUrls }),
    );
  }
  if (config.solanaFeePayerKey && Object.keys(config.solanaRpcUrls).length > 0) {
    let feePayer: Awaited<ReturnType<typeof createKeyPairSignerFromBytes>>;
    try {
      // kit checks that the public half matches the seed, so a corrupted key fails here.
      feePayer = await createKeyPairSignerFromBytes(config.solanaFeePayerKey);
    } catch {
      throw configError([
        `${ENV.solanaFeePayerKey} is not a valid key pair (the public half does not match)`,
      ]);
    }
    const rpc = Object.fromEntries(
      Object.entries(config.solanaRpcUrls).map(([network, url]) => [network, createSolanaRpc(url)]),
    );
    payees.push(exactSolanaPayee({ rpc, feePayer }), pushSolanaPayee({ rpc }));
  }
  return payees;
}

// Both sides hashed first: timingSafeEqual needs equal lengths, and the hash hides the token's length.
function bearerCheck(token: string): (header: string | undefined) => boolean {
  const expected = createHash("sha256").update(token).digest();
  return (header) => {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? "");
    const given = createHash("sha256")
      .update(match?.[1] ?? "")
      .digest();
    return timingSafeEqual(given, expected) && match !== null;
  };
}

// Connection-level headers describe the hop to this server, not the request the handler sees.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
]);

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://facilitator.internal").pathname;
  } catch {
    return "/";
  }
}

// Bounded like the handler's own limit, so an endless body is never buffered.
function readBody(request: IncomingMessage): Promise<Buffer | undefined | "too-large"> {
  if (request.method === "GET" || request.method === "HEAD") return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) {
        request.off("data", onData);
        request.pause();
        resolve("too-large");
      } else chunks.push(chunk);
    };
    request.on("data", onData);
    request.once("end", () => resolve(Buffer.concat(chunks)));
    request.once("error", reject);
    // Closed before the end: the client aborted (after a normal end this settles nothing).
    request.once("close", () => reject(new Error("The request was aborted")));
  });
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
    ...headers,
  });
  response.end(text);
}
