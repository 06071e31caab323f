// An HTTP proxy that injects faults between a paymux server and what it calls over HTTP: a chain's JSON-RPC
// (anvil, the LiteSVM RPC) or a remote facilitator. It sits on a real loopback socket, so the caller's own
// HTTP stack (viem's transport, kit's transport, fetch) meets the fault exactly as it would in production.
//
// API (stable: other tests build on it)
//
//   const proxy = await startHttpFaultProxy({ target: "http://127.0.0.1:8545" });
//   proxy.url                 // point the client here (same path as `target`)
//   proxy.setFault("down")    // or "none" | "hang" | a rule | a list of rules (first applicable one wins)
//   proxy.setFault({ kind: "error", method: "eth_sendRawTransaction", rpcError: { code: -32603, message: "boom" } })
//   proxy.setFault({ kind: "drop-response", method: "sendTransaction", nth: 1 })  // lands, caller sees a reset
//   proxy.calls               // every request seen: { path, method, methods, httpMethod, at, fault }
//   proxy.count("eth_sendRawTransaction")   // calls whose JSON-RPC method (or path) matches
//   proxy.clearCalls()
//   await proxy.close()       // also ends hung requests and pending delays
//
// Actions: `down` resets the connection (whole proxy: new connections too), `hang` never answers, `slow` waits
// `ms` then forwards, `error` answers `status` (default 503) or, with `rpcError`, HTTP 200 carrying a JSON-RPC
// error for each request id, and `drop-response` forwards (the upstream acts: a transaction lands) then throws
// the answer away and does `instead` (default "down"). Rules may be narrowed by `method` (JSON-RPC method,
// any entry of a batch), `path` (string: equal to or ending the path, e.g. "/settle"; or a RegExp), `nth`
// (only the nth matching request, 1-based, counted from setFault) and `times` (only the first n).
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { Socket } from "node:net";
import { listenOnLoopback } from "./loopback.js";

/** Which requests a rule applies to; every given condition must hold (no condition: every request). */
export type FaultMatch = {
  /** JSON-RPC method (equal, or a RegExp); a batch matches when any of its entries does. */
  method?: string | RegExp;
  /** Request path without the query: equal to or ending with the string (e.g. "/settle"), or a RegExp. */
  path?: string | RegExp;
  /** Only the nth matching request (1-based), counted from the setFault call. */
  nth?: number;
  /** Only the first `times` matching requests. */
  times?: number;
};

/** What the proxy does to a request a rule applies to. */
export type HttpFaultAction =
  | { kind: "down" }
  | { kind: "hang" }
  | { kind: "slow"; ms: number }
  | { kind: "error"; status?: number; rpcError?: JsonRpcErrorObject }
  | { kind: "drop-response"; instead?: "down" | "hang" | "error"; status?: number };

/** One rule: an action, optionally narrowed to some requests. */
export type HttpFault = HttpFaultAction & FaultMatch;

/** What setFault takes: "none" clears, "down"/"hang" apply to every request, rules apply as listed. */
export type HttpFaultSetting = "none" | "down" | "hang" | HttpFault | readonly HttpFault[];

/** A JSON-RPC error object, as `{ code, message, data? }`. */
export type JsonRpcErrorObject = { code: number; message: string; data?: unknown };

/** One request the proxy saw. */
export type ProxyCall = {
  /** Path without the query, e.g. "/" or "/settle". */
  path: string;
  httpMethod: string;
  /** The JSON-RPC method (the first of a batch), when the body is JSON-RPC. */
  method?: string;
  /** Every JSON-RPC method of the body (one, or a batch's). */
  methods: string[];
  /** Arrival, unix ms. */
  at: number;
  /** The action applied, when a rule applied. */
  fault?: HttpFaultAction["kind"];
};

/** Options of {@link startHttpFaultProxy}. */
export type StartHttpFaultProxyParameters = {
  /** Upstream base URL (http only); its path is kept in `url`, and request paths are forwarded unchanged. */
  target: string;
};

/** A running HTTP fault proxy. */
export type HttpFaultProxy = {
  /** The proxy's URL: loopback origin plus the target's path. */
  readonly url: string;
  readonly port: number;
  /** Replaces every rule (and resets their nth/times counters). */
  setFault(fault: HttpFaultSetting): void;
  /** Every request seen since start (or clearCalls), oldest first. Live array. */
  readonly calls: readonly ProxyCall[];
  /** Number of calls whose JSON-RPC method or path matches (as in {@link FaultMatch}). */
  count(match: string | RegExp): number;
  clearCalls(): void;
  /** Stops listening and destroys every connection, hung or delayed requests included. Idempotent. */
  close(): Promise<void>;
};

type Rule = { fault: HttpFault; seen: number };

/** Starts an HTTP fault proxy on a free loopback port in front of `target`. */
export async function startHttpFaultProxy(
  parameters: StartHttpFaultProxyParameters,
): Promise<HttpFaultProxy> {
  const target = new URL(parameters.target);
  if (target.protocol !== "http:") throw new Error("startHttpFaultProxy: only http:// targets");
  // Keep-alive to the upstream, like a real client pool; destroyed on close so no socket outlives the proxy.
  const agent = new Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const calls: ProxyCall[] = [];
  let rules: Rule[] = [];
  let closed = false;

  const wholeDown = () => rules.some(({ fault }) => fault.kind === "down" && isUnconditional(fault));

  const server = createServer((request, response) => {
    void handle(request, response).catch(() => reset(request.socket));
  });
  // Node's default keeps a request with no answer open for 5 minutes at most; "hang" means hang.
  server.requestTimeout = 0;
  server.on("connection", (socket: Socket) => {
    if (closed || wholeDown()) {
      reset(socket);
      return;
    }
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const rpc = parseJsonRpc(body);
    const call: ProxyCall = {
      path,
      httpMethod: request.method ?? "GET",
      ...(rpc.methods[0] === undefined ? {} : { method: rpc.methods[0] }),
      methods: rpc.methods,
      at: Date.now(),
    };
    calls.push(call);
    const fault = pick(call);
    if (fault) call.fault = fault.kind;
    switch (fault?.kind) {
      case undefined:
        return relay(response, await forward(request, body));
      case "down":
        return reset(request.socket);
      case "hang":
        return; // the socket stays open until the caller gives up or close()
      case "slow":
        await delay(fault.ms);
        if (request.socket.destroyed) return;
        return relay(response, await forward(request, body));
      case "error":
        return answerError(response, fault.status ?? 503, fault.rpcError, rpc.ids, rpc.batch);
      case "drop-response": {
        // The upstream acts on it (a transaction is broadcast); only the caller never learns the answer.
        await forward(request, body);
        if (fault.instead === "hang") return;
        if (fault.instead === "error")
          return answerError(response, fault.status ?? 503, undefined, [], false);
        return reset(request.socket);
      }
    }
  }

  function pick(call: ProxyCall): HttpFault | undefined {
    for (const rule of rules) {
      if (!matches(rule.fault, call)) continue;
      rule.seen++;
      const { nth, times } = rule.fault;
      if (nth !== undefined && rule.seen !== nth) continue;
      if (times !== undefined && rule.seen > times) continue;
      return rule.fault;
    }
    return undefined;
  }

  function forward(request: IncomingMessage, body: Buffer): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (value === undefined || HOP_BY_HOP.has(name) || name === "host" || name === "content-length")
          continue;
        headers[name] = value;
      }
      headers["content-length"] = String(body.byteLength);
      const outgoing = httpRequest(
        {
          agent,
          host: target.hostname,
          port: target.port || 80,
          method: request.method ?? "GET",
          path: request.url ?? "/",
          headers,
        },
        (answer) => {
          readBody(answer).then(
            (bytes) => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: bytes }),
            reject,
          );
        },
      );
      outgoing.once("error", reject);
      outgoing.end(body);
    });
  }

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  const port = await listenOnLoopback(server);
  const base = target.pathname === "/" ? "" : target.pathname.replace(/\/+$/, "");
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}${base}`,
    port,
    setFault(fault) {
      const list: readonly HttpFault[] =
        fault === "none"
          ? []
          : fault === "down" || fault === "hang"
            ? [{ kind: fault }]
            : Array.isArray(fault)
              ? fault
              : [fault as HttpFault];
      rules = list.map((entry) => ({ fault: entry, seen: 0 }));
      // Down means down for connections already open too (keep-alive sockets of the caller's pool).
      if (wholeDown()) for (const socket of sockets) reset(socket);
    },
    calls,
    count(match) {
      return calls.filter((call) => callMatches(match, call)).length;
    },
    clearCalls() {
      calls.length = 0;
    },
    close() {
      closing ??= (async () => {
        closed = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        agent.destroy();
        await stopped;
      })();
      return closing;
    },
  };
}

type Upstream = { status: number; headers: IncomingMessage["headers"]; body: Buffer };

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection, never forwarded.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
]);

function relay(response: ServerResponse, upstream: Upstream): void {
  if (response.destroyed) return;
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name === "content-length") continue;
    response.setHeader(name, value);
  }
  response.setHeader("content-length", upstream.body.byteLength);
  response.statusCode = upstream.status;
  response.end(upstream.body);
}

function answerError(
  response: ServerResponse,
  status: number,
  rpcError: JsonRpcErrorObject | undefined,
  ids: unknown[],
  batch: boolean,
): void {
  if (rpcError) {
    const envelopes = (ids.length > 0 ? ids : [null]).map((id) => ({ jsonrpc: "2.0", id, error: rpcError }));
    const text = JSON.stringify(batch ? envelopes : envelopes[0]);
    response.writeHead(200, { "content-type": "application/json" }).end(text);
    return;
  }
  const text = JSON.stringify({ error: `injected fault: HTTP ${status}` });
  response.writeHead(status, { "content-type": "application/json" }).end(text);
}

// An RST, not a FIN: the caller sees ECONNRESET, as from a dead or restarting upstream.
function reset(socket: Socket): void {
  if (socket.destroyed) return;
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.once("end", () => resolve(Buffer.concat(chunks)));
    stream.once("error", reject);
  });
}

function parseJsonRpc(body: Buffer): { methods: string[]; ids: unknown[]; batch: boolean } {
  let json: unknown;
  try {
    json = body.byteLength === 0 ? undefined : JSON.parse(body.toString("utf8"));
  } catch {
    return { methods: [], ids: [], batch: false };
  }
  const entries = Array.isArray(json) ? json : [json];
  const methods: string[] = [];
  const ids: unknown[] = [];
  for (const entry of entries) {
    if (typeof entry !== "object" || entry === null) continue;
    const record = entry as { method?: unknown; id?: unknown };
    if (typeof record.method === "string") methods.push(record.method);
    if ("id" in record) ids.push(record.id);
  }
  return { methods, ids, batch: Array.isArray(json) };
}

function isUnconditional(fault: FaultMatch): boolean {
  return (
    fault.method === undefined &&
    fault.path === undefined &&
    fault.nth === undefined &&
    fault.times === undefined
  );
}

function test(pattern: string | RegExp, value: string): boolean {
  return typeof pattern === "string" ? value === pattern : pattern.test(value);
}

function matches(fault: FaultMatch, call: ProxyCall): boolean {
  if (
    fault.method !== undefined &&
    !call.methods.some((method) => test(fault.method as string | RegExp, method))
  )
    return false;
  if (fault.path !== undefined && !pathMatches(fault.path, call.path)) return false;
  return true;
}

function pathMatches(pattern: string | RegExp, path: string): boolean {
  return typeof pattern === "string" ? path === pattern || path.endsWith(pattern) : pattern.test(path);
}

function callMatches(match: string | RegExp, call: ProxyCall): boolean {
  return call.methods.some((method) => test(match, method)) || pathMatches(match, call.path);
}
