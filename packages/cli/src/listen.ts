// Serving a Web fetch handler on loopback with @hono/node-server, and stopping it without waiting for keep-alives.
import { once } from "node:events";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";

/** A server on 127.0.0.1: its base URL and how to stop it. */
export type Listening = { url: string; close(): Promise<void> };

/** Stops an HTTP server at once: idle keep-alive connections would otherwise hold it open. */
export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Serves `fetch` on 127.0.0.1:`port` (0: a free port); rejects if the port is taken. */
export async function listenFetch(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
): Promise<Listening> {
  let resolvePort: (port: number) => void = () => undefined;
  const listening = new Promise<number>((resolve) => {
    resolvePort = resolve;
  });
  // serve() makes a node:http server for plain HTTP options; the cast names that for closeAllConnections.
  const server = serve({ fetch, port, hostname: "127.0.0.1" }, (info) => resolvePort(info.port)) as Server;
  const failed = once(server, "error").then(([error]) => Promise.reject(error as Error));
  const bound = await Promise.race([listening, failed]);
  failed.catch(() => undefined);
  return { url: `http://127.0.0.1:${bound}`, close: () => closeServer(server) };
}
