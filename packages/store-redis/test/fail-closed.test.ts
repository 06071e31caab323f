// Fail closed: when Redis cannot answer, every operation rejects with a PaymuxError, quickly, and the process
// survives the client's 'error' events. The server then serves nothing rather than risk a replay.

import { getFreePort, type RedisServer, startRedisServer } from "@paymux/testing/redis";
import { createClient } from "@redis/client";
import { afterEach, describe, expect, it } from "vitest";
import { redisStore } from "../src/index.js";
import { expectPaymuxError, record, uniqueKey } from "./helpers.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
};

describe("redisStore when Redis is unavailable", () => {
  it("rejects every operation within a few seconds when nothing listens", async () => {
    const port = await getFreePort();
    const store = redisStore({ url: `redis://127.0.0.1:${port}` });
    cleanups.push(() => store.close());
    const k = uniqueKey();
    const operations = [
      () => store.claim(k, record("a"), 60_000),
      () => store.get(k),
      () => store.update(k, record("a", "settled"), 60_000),
      () => store.release(k, "a"),
    ];
    for (const operation of operations) {
      const [error, ms] = await timed(() => expectPaymuxError(operation()));
      expect(error.context).toMatchObject({ store: "redis", problem: "unavailable" });
      expect(ms).toBeLessThan(3_000);
    }
    // The same store answers once something listens there.
    const server = await startRedisServer(port);
    cleanups.push(() => server.stop());
    expect(await store.claim(k, record("a"), 60_000)).toBe(true);
  });

  it("fails closed when Redis goes away and works again once it is back", async () => {
    let server: RedisServer = await startRedisServer();
    cleanups.push(() => server.stop());
    const store = redisStore({ url: server.url });
    cleanups.push(() => store.close());
    expect(await store.claim(uniqueKey(), record("a"), 60_000)).toBe(true);

    await server.stop();
    for (let i = 0; i < 5; i++) {
      const [, ms] = await timed(() => expectPaymuxError(store.claim(uniqueKey(), record("a"), 60_000)));
      expect(ms).toBeLessThan(3_000);
    }

    server = await startRedisServer(server.port);
    const k = uniqueKey();
    const deadline = Date.now() + 5_000;
    let claimed: boolean | undefined;
    while (claimed === undefined && Date.now() < deadline) {
      claimed = await store.claim(k, record("a"), 60_000).catch(() => undefined);
      if (claimed === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(claimed).toBe(true);
  });

  it("gives up on a Redis that stops answering after commandTimeoutMs instead of hanging", async () => {
    const server = await startRedisServer();
    cleanups.push(() => server.stop());
    const store = redisStore({ url: server.url, commandTimeoutMs: 300 });
    cleanups.push(() => store.close());
    const k = uniqueKey();
    expect(await store.claim(k, record("a"), 60_000)).toBe(true);

    process.kill(server.pid, "SIGSTOP");
    cleanups.push(async () => {
      process.kill(server.pid, "SIGCONT");
    });
    const [error, ms] = await timed(() => expectPaymuxError(store.get(k)));
    expect(error.context).toMatchObject({ operation: "get", problem: "unavailable" });
    expect(ms).toBeLessThan(2_000);
  });

  it("fails with a PaymuxError, not a hang, when a given client cannot connect", async () => {
    const port = await getFreePort();
    // A client with node-redis's default, unbounded reconnect strategy: the store's deadline still applies.
    const client = createClient({ url: `redis://127.0.0.1:${port}` });
    client.on("error", () => {});
    cleanups.push(async () => client.destroy());
    const store = redisStore({ client, connectTimeoutMs: 500 });
    cleanups.push(() => store.close());
    const [, ms] = await timed(() => expectPaymuxError(store.claim(uniqueKey(), record("a"), 60_000)));
    expect(ms).toBeLessThan(2_000);
  });
});
