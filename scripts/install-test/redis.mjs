// A throwaway Redis for the store's smoke programs, when the machine has redis-server (CI does); without one they
// only construct the store.
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { running } from "./run.mjs";

/** Starts redis-server on a free port: `{ url, stop }`, or undefined when there is none on PATH. */
export async function startRedis() {
  if (spawnSync("redis-server", ["--version"]).status !== 0) {
    console.log("  (no redis-server on PATH: the store's smoke programs only construct it)");
    return undefined;
  }
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore", detached: true },
  );
  running.add(child);
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout?.includes("PONG"))
      break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    stop: () => {
      running.delete(child);
      child.kill("SIGTERM");
    },
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
