// A real redis-server for the tests, on a free loopback port, with nothing written to disk. The store's
// guarantees (atomic claims, Lua owner checks, fail closed) are Redis's own behaviour, so no fake is used.
import { type ChildProcess, spawn } from "node:child_process";
import { connect, createServer } from "node:net";

/** A running redis-server child process. */
export type RedisServer = {
  readonly url: string;
  readonly port: number;
  /** OS process id, e.g. to SIGSTOP it and see what a store does when Redis stops answering. */
  readonly pid: number;
  /** SIGTERM, then SIGKILL after 2 s; resolves once the process has exited; idempotent. */
  stop(): Promise<void>;
};

const BINARY = process.env["REDIS_SERVER_BIN"] ?? "redis-server";
const MISSING = `redis-server is not installed (looked for "${BINARY}"). paymux tests run against a real Redis: install it with \`apt-get install redis-server\` (or set REDIS_SERVER_BIN).`;

// A test run that dies without calling stop() must not leave redis-servers behind.
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** A port that was free a moment ago (listen on 0, read the port, close). */
export async function getFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port from listen(0)");
  return address.port;
}

/** Starts redis-server on 127.0.0.1 (`port` or a free one) and resolves once it answers PING. */
export async function startRedisServer(port?: number): Promise<RedisServer> {
  // Another process may take a "free" port before redis binds it: retry with a new one.
  for (let attempt = 0; ; attempt++) {
    const chosen = port ?? (await getFreePort());
    const child = spawn(BINARY, redisArgs(chosen), { stdio: ["ignore", "pipe", "pipe"] });
    running.add(child);
    let output = "";
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-4_000);
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
    const failure = Promise.race([
      spawnError.then((error) =>
        (error as NodeJS.ErrnoException).code === "ENOENT" ? new Error(MISSING) : error,
      ),
      exited.then(() => new Error(`redis-server exited during start-up:\n${output}`)),
    ]);
    const alive = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
    // waitForPong gives up (undefined) as soon as the process is gone; `failure` then says why.
    const ready = (await Promise.race([waitForPong(chosen, alive, 10_000), failure])) ?? (await failure);
    if (ready === true) {
      let stopping: Promise<void> | undefined;
      return {
        url: `redis://127.0.0.1:${chosen}`,
        port: chosen,
        pid: child.pid!,
        stop: () => {
          stopping ??= stopChild(child, exited);
          return stopping;
        },
      };
    }
    await stopChild(child, exited);
    if (ready.message === MISSING || port !== undefined || attempt >= 2) throw ready;
  }
}

function redisArgs(port: number): string[] {
  return ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
}

// True once PING answers +PONG, undefined once the process is gone, an Error after `timeoutMs`.
async function waitForPong(
  port: number,
  alive: () => boolean,
  timeoutMs: number,
): Promise<true | Error | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) return undefined;
    if (await ping(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("utf8");
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
  await exited;
  clearTimeout(timer);
}
