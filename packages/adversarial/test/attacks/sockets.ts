// Real sockets: the Express and Hono apps (paymux's adapters over one payment server) listening on loopback,
// and a raw HTTP/1.1 client that writes any bytes, so header attacks reach the server exactly as sent (fetch
// would refuse or normalise many of them before they left).
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import type { PaymentServer, RoutesTable } from "@paymux/core/server";
import { paymux as expressPaymux } from "@paymux/server-express";
import { paymux as honoPaymux } from "@paymux/server-hono";
import express from "express";
import { Hono } from "hono";
import { afterAll, beforeAll } from "vitest";
import { type Answer, type Arena, CONTENT, ROUTES } from "./harness.js";

/** An app on a loopback port, with its handler runs per path. */
export type SocketApp = {
  name: "express" | "hono";
  port: number;
  runs(path: string): number;
  /** A normal request through fetch. */
  request(path: string, headers?: Record<string, string>): Promise<Answer>;
  close(): Promise<void>;
};

/** Express and Hono apps charging `routes` through the same payment server (one store: one claim per credential). */
export async function startApps(server: PaymentServer, routes: RoutesTable): Promise<SocketApp[]> {
  const paths = Object.keys(routes).map((key) => key.split(" ")[1] as string);
  const expressRuns = new Map<string, number>();
  const app = express();
  app.use(expressPaymux(server).routes(routes));
  for (const path of paths) {
    app.get(path, (_req, res) => {
      expressRuns.set(path, (expressRuns.get(path) ?? 0) + 1);
      res.json({ content: CONTENT, path });
    });
  }
  const honoRuns = new Map<string, number>();
  const hono = new Hono();
  hono.use(honoPaymux(server).routes(routes));
  for (const path of paths) {
    hono.get(path, (c) => {
      honoRuns.set(path, (honoRuns.get(path) ?? 0) + 1);
      return c.json({ content: CONTENT, path });
    });
  }
  return [
    await listen("express", createServer(app), expressRuns),
    // @hono/node-server is not a dependency here: a few lines of Node ↔ Fetch bridging stand in for it.
    await listen("hono", createServer(nodeToFetch(async (request) => hono.fetch(request))), honoRuns),
  ];
}

/**
 * The calling file's Express and Hono apps over the arena's server ({@link startApps}): started before its first
 * test, closed after its last. Returns the lookup of an app by name, for use in tests.
 */
export function useApps(arena: Arena, routes: RoutesTable = ROUTES): (name: SocketApp["name"]) => SocketApp {
  let apps: SocketApp[] = [];
  beforeAll(async () => {
    apps = await startApps(arena.server, routes);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
  });
  return (name) => apps.find((entry) => entry.name === name) as SocketApp;
}

async function listen(name: SocketApp["name"], http: Server, runs: Map<string, number>): Promise<SocketApp> {
  http.listen(0, "127.0.0.1");
  await once(http, "listening");
  const port = (http.address() as AddressInfo).port;
  return {
    name,
    port,
    runs: (path) => runs.get(path) ?? 0,
    async request(path, headers) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, headers ? { headers } : {});
      return { status: response.status, body: await response.text(), headers: response.headers };
    },
    async close() {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

/** A Node request listener over a Fetch handler. Header values keep Node's latin1 view of the raw bytes. */
function nodeToFetch(handler: (request: Request) => Promise<Response>) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const headers = new Headers();
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
      }
      const response = await handler(
        new Request(`http://${req.headers.host ?? "x"}${req.url}`, { method: req.method ?? "GET", headers }),
      );
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch {
      // What @hono/node-server does with a request it cannot turn into a Fetch Request.
      res.writeHead(400).end();
    }
  };
}

/** Writes `head` (request line + headers, any bytes) to the port and reads the whole answer. */
export async function rawRequest(port: number, head: Buffer | string): Promise<Answer> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  // No half-close: Node aborts a request whose client ends its side before the answer (so would a proxy);
  // `Connection: close` makes the server close once it has answered.
  socket.write(typeof head === "string" ? Buffer.from(head, "latin1") : head);
  await Promise.race([
    once(socket, "close"),
    new Promise((_, reject) => setTimeout(() => reject(new Error("no answer in 10 s")), 10_000)),
  ]);
  const text = Buffer.concat(chunks).toString("latin1");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
  const end = text.indexOf("\r\n\r\n");
  const headText = end < 0 ? text : text.slice(0, end);
  // Raw (maybe chunked) body: small enough that the content marker is never split across chunks.
  const body = end < 0 ? "" : text.slice(end + 4);
  const headers = new Headers();
  for (const line of headText.split("\r\n").slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers.append(
        line.slice(0, colon).trim(),
        line
          .slice(colon + 1)
          .trim()
          .replace(/[^\x20-\x7e\t]/g, "?"),
      );
  }
  return { status, body, headers };
}

/** A GET with extra header lines (raw bytes allowed) and `Connection: close`. */
export function rawGet(path: string, lines: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [
    Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n`, "latin1"),
  ];
  for (const line of lines)
    parts.push(typeof line === "string" ? Buffer.from(line, "latin1") : line, Buffer.from("\r\n"));
  parts.push(Buffer.from("\r\n"));
  return Buffer.concat(parts);
}
