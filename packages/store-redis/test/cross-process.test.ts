// Several paymux server processes share one Redis: a credential must still be claimable once across all of
// them. Two node processes each send 50 concurrent claims of one key; across both, exactly one may win.
//
// The children cannot import the store itself (it is TypeScript and the build may not exist when tests run), so
// they send the store's own claim commands, built here by src/commands.ts and handed over as JSON, through
// @redis/client's sendCommand: the same call, with the same arguments, the store makes.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type RedisServer, startRedisServer } from "@paymux/testing/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimCommand, claimWon } from "../src/commands.js";
import { redisStore } from "../src/index.js";
import { record, uniqueKey } from "./helpers.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/claim-race.mjs", import.meta.url));
const PREFIX = "paymux:";

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

type Racer = { child: ChildProcess; ready: Promise<void>; replies: Promise<unknown[]> };

function startRacer(commands: string[][]): Racer {
  const child = spawn(process.execPath, [FIXTURE, server.url, JSON.stringify(commands)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
    if (stdout.startsWith("ready\n")) onReady();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const replies = new Promise<unknown[]>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      const lines = stdout.trim().split("\n");
      if (code === 0 && lines[0] === "ready" && lines[1]) resolve(JSON.parse(lines[1]) as unknown[]);
      else reject(new Error(`claim-race child exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
  // A child that dies before "ready" must fail the test, not leave it waiting.
  return { child, ready: Promise.race([ready, replies.then(() => {})]), replies };
}

describe("two OS processes sharing one Redis", () => {
  it("let exactly one of 2 × 50 concurrent claims of one key win", async () => {
    const key = uniqueKey("cross-process");
    const owners = [0, 1].map((p) => Array.from({ length: 50 }, (_, i) => `process-${p}-claim-${i}`));
    const racers = owners.map((list) =>
      startRacer(list.map((o) => claimCommand(PREFIX + key, record(o), 60_000))),
    );
    try {
      await Promise.all(racers.map((racer) => racer.ready));
      for (const racer of racers) racer.child.stdin?.write("go\n");
      const replies = await Promise.all(racers.map((racer) => racer.replies));
      const won = replies.map((list) => list.map(claimWon));
      expect(won.flat().filter(Boolean)).toHaveLength(1);
      expect(won.map((list) => list.length)).toEqual([50, 50]);

      // The store reads the winner's record: the children wrote exactly what the store writes.
      const p = won.findIndex((list) => list.includes(true));
      const winner = owners[p]?.[won[p]?.indexOf(true) ?? -1];
      const store = redisStore({ url: server.url, prefix: PREFIX });
      try {
        expect(await store.get(key)).toEqual(record(winner ?? "none"));
        expect(await store.claim(key, record("late"), 60_000)).toBe(false);
      } finally {
        await store.close();
      }
    } finally {
      for (const racer of racers) if (racer.child.exitCode === null) racer.child.kill("SIGKILL");
    }
  });
});
