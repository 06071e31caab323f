// A TCP proxy that injects faults between a client and a plain TCP service (Redis). It works on bytes, so the
// client's driver (node-redis) meets a dead, silent or flapping server exactly as over a real network.
//
// API (stable: other tests build on it)
//
//   const proxy = await startTcpFaultProxy({ host: "127.0.0.1", port: redis.port });
//   proxy.url / proxy.port     // "redis://127.0.0.1:<port>" for redisStore({ url }), or the bare port
//   proxy.setFault("down")     // "none" | "down" | "blackhole" | "reset"
//   proxy.connections()        // client connections open now
//   await proxy.close()
//
// - `down`: existing connections are reset, new ones are reset as soon as they are accepted (ECONNRESET, like
//   a refused or crashed server).
// - `blackhole`: connections stay open but nothing is forwarded either way: commands time out. Bytes are dropped,
//   not delayed, so when the fault is cleared the connections it swallowed bytes from are reset (their protocol
//   stream is broken, as a TCP connection whose peer vanished would be); new connections then work.
// - `reset`: existing connections are reset now; new ones are accepted and reset on their first bytes, before
//   anything is forwarded (a server that accepts and dies mid-stream).
import { connect, createServer, type Socket } from "node:net";
import { listenOnLoopback } from "./loopback.js";

/** Faults of {@link startTcpFaultProxy}. */
export type TcpFault = "none" | "down" | "blackhole" | "reset";

/** Options of {@link startTcpFaultProxy}. */
export type StartTcpFaultProxyParameters = { host: string; port: number };

/** A running TCP fault proxy on loopback. */
export type TcpFaultProxy = {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`: the proxy as a Redis URL. */
  readonly url: string;
  setFault(fault: TcpFault): void;
  /** The current fault. */
  readonly fault: TcpFault;
  /** Client connections open now. */
  connections(): number;
  /** Stops listening and destroys every connection. Idempotent. */
  close(): Promise<void>;
};

type Pair = { client: Socket; upstream?: Socket; swallowed: boolean };

/** Starts a TCP fault proxy on a free loopback port in front of `host:port`. */
export async function startTcpFaultProxy(parameters: StartTcpFaultProxyParameters): Promise<TcpFaultProxy> {
  const pairs = new Set<Pair>();
  let fault: TcpFault = "none";
  let closed = false;

  const kill = (pair: Pair) => {
    pairs.delete(pair);
    reset(pair.client);
    pair.upstream?.destroy();
  };

  const server = createServer((client) => {
    if (closed || fault === "down") {
      reset(client);
      return;
    }
    const pair: Pair = { client, swallowed: false };
    pairs.add(pair);
    client.once("close", () => kill(pair));
    client.on("error", () => kill(pair));
    // A blackholed connection never reaches the upstream at all.
    if (fault !== "blackhole") pair.upstream = openUpstream(pair);
    client.on("data", (chunk: Buffer) => {
      if (fault === "reset") return kill(pair);
      if (fault === "blackhole" || !pair.upstream) {
        pair.swallowed = true;
        return;
      }
      if (!pair.upstream.write(chunk)) {
        client.pause();
        pair.upstream.once("drain", () => client.resume());
      }
    });
  });

  function openUpstream(pair: Pair): Socket {
    const upstream = connect(parameters.port, parameters.host);
    upstream.on("error", () => kill(pair));
    upstream.once("close", () => kill(pair));
    upstream.on("data", (chunk: Buffer) => {
      if (fault === "reset") return kill(pair);
      if (fault === "blackhole") {
        pair.swallowed = true;
        return;
      }
      if (!pair.client.write(chunk)) {
        upstream.pause();
        pair.client.once("drain", () => upstream.resume());
      }
    });
    return upstream;
  }

  const port = await listenOnLoopback(server);
  let closing: Promise<void> | undefined;

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get fault() {
      return fault;
    },
    setFault(next) {
      fault = next;
      for (const pair of [...pairs]) {
        if (next === "down" || next === "reset") kill(pair);
        // Bytes were lost on these (or they never reached the upstream): the stream cannot resume in sync, so it
        // ends as a dead peer's would.
        else if (next === "none" && (pair.swallowed || !pair.upstream)) kill(pair);
      }
    },
    connections: () => pairs.size,
    close() {
      closing ??= (async () => {
        closed = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const pair of [...pairs]) kill(pair);
        await stopped;
      })();
      return closing;
    },
  };
}

// An RST, not a FIN: the client sees ECONNRESET, as from a crashed server.
function reset(socket: Socket): void {
  if (socket.destroyed) return;
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}
