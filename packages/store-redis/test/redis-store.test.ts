// Redis-specific behaviour: persistence across store instances, races between clients, prefixes, corrupt
// values, given clients and option checks. Cross-process races and outages are in their own files.
import type { PaymentRecord } from "@paymux/core/server";
import { type RedisServer, startRedisServer } from "@paymux/testing/redis";
import { createClient } from "@redis/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RedisStoreParameters, redisStore } from "../src/index.js";
import { expectPaymuxError, record, uniqueKey } from "./helpers.js";

let server: RedisServer;
let raw: ReturnType<typeof createClient>;
const closers: Array<() => Promise<void>> = [];
const open = (parameters: Omit<RedisStoreParameters, "url"> = {}) => {
  const store = redisStore({ url: server.url, ...parameters });
  closers.push(() => store.close());
  return store;
};

beforeAll(async () => {
  server = await startRedisServer();
  raw = createClient({ url: server.url });
  await raw.connect();
});
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});
afterAll(async () => {
  if (raw?.isOpen) await raw.close();
  await server?.stop();
});

describe("redisStore", () => {
  it("keeps records for a new store instance (a restarted paymux server reads them back)", async () => {
    const k = uniqueKey();
    const first = open();
    const settled: PaymentRecord = {
      ...record("a", "settled"),
      receipt: { success: true, transaction: "0xabc", network: "eip155:31337", payer: "0x1", amount: "1000" },
    };
    expect(await first.claim(k, record("a"), 60_000)).toBe(true);
    expect(await first.update(k, settled, 60_000)).toBe(true);
    await first.close();

    const second = open();
    expect(await second.get(k)).toEqual(settled);
    expect(await second.claim(k, record("b"), 60_000)).toBe(false);
    expect(await second.update(k, record("b", "failed"), 60_000)).toBe(false);
    const ttl = await raw.pTTL(`paymux:${k}`);
    expect(ttl).toBeGreaterThan(50_000);
  });

  it("lets exactly one of 50 concurrent claims per store win across two stores on two clients", async () => {
    const k = uniqueKey();
    const [a, b] = [open(), open()];
    const claims = Array.from({ length: 50 }, (_, i) => [
      a.claim(k, record(`a-${i}`), 60_000),
      b.claim(k, record(`b-${i}`), 60_000),
    ]);
    const results = await Promise.all(claims.flat());
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect((await a.get(k))?.owner).toBe(`${winner % 2 === 0 ? "a" : "b"}-${Math.floor(winner / 2)}`);
  });

  it("keeps keys under its prefix and apart from other prefixes", async () => {
    const k = uniqueKey();
    const plain = open();
    const [a, b] = [open({ prefix: "tenant-a:" }), open({ prefix: "tenant-b:" })];
    expect(await a.claim(k, record("a"), 60_000)).toBe(true);
    expect(await b.claim(k, record("b"), 60_000)).toBe(true);
    expect(await plain.get(k)).toBeUndefined();
    expect((await a.get(k))?.owner).toBe("a");
    expect((await b.get(k))?.owner).toBe("b");
    await b.release(k, "a");
    expect((await b.get(k))?.owner).toBe("b");
    expect(JSON.parse((await raw.get(`tenant-a:${k}`)) ?? "null")).toEqual(record("a"));
    expect(await plain.claim(k, record("p"), 60_000)).toBe(true);
    expect(await raw.exists(`paymux:${k}`)).toBe(1);
  });

  it("rejects a value that is not a paymux record, and leaves it alone", async () => {
    const store = open();
    const corrupt = [
      "not json",
      "[1,2]",
      "null",
      JSON.stringify({ ...record("a"), state: "paid" }),
      JSON.stringify({ ...record("a"), owner: 7 }),
      JSON.stringify({ state: "claimed", owner: "a" }),
      JSON.stringify({ ...record("a"), receipt: { success: "yes", transaction: "0x", network: "x" } }),
      JSON.stringify({
        ...record("a"),
        receipt: { success: true, transaction: "0x", network: "x", amount: 5 },
      }),
    ];
    for (const value of corrupt) {
      const k = uniqueKey("corrupt");
      await raw.set(`paymux:${k}`, value);
      const error = await expectPaymuxError(store.get(k));
      // Errors end up in logs: they name the operation, never the key or the value.
      expect(JSON.stringify(error)).not.toContain(k);
      expect(error.context).toMatchObject({ store: "redis", operation: "get", problem: "corrupt-record" });
    }
    const k = uniqueKey("corrupt");
    await raw.set(`paymux:${k}`, "not json");
    await expectPaymuxError(store.update(k, record("a", "settled"), 60_000));
    await expectPaymuxError(store.release(k, "a"));
    expect(await store.claim(k, record("a"), 60_000)).toBe(false);
    expect(await raw.get(`paymux:${k}`)).toBe("not json");

    const hash = uniqueKey("hash");
    await raw.hSet(`paymux:${hash}`, "owner", "a");
    await expectPaymuxError(store.get(hash));
    await expectPaymuxError(store.update(hash, record("a"), 60_000));
  });

  it("uses a client it is given, connecting it if needed, and leaves it open on close", async () => {
    const client = createClient({ url: server.url });
    closers.push(async () => {
      if (client.isOpen) await client.close();
    });
    const store = redisStore({ client, prefix: "given:" });
    const k = uniqueKey();
    expect(await store.claim(k, record("a"), 60_000)).toBe(true);
    expect(client.isOpen).toBe(true);
    await store.close();
    expect(client.isOpen).toBe(true);
    expect(await client.get(`given:${k}`)).toBe(JSON.stringify(record("a")));
    await expectPaymuxError(store.get(k));
  });

  it("closes, also when never used and when closed twice, and then refuses work", async () => {
    const unused = open();
    await unused.close();
    await unused.close();
    await expectPaymuxError(unused.claim(uniqueKey(), record("a"), 60_000));
    const used = open();
    expect(await used.claim(uniqueKey(), record("a"), 60_000)).toBe(true);
    await used.close();
    const error = await expectPaymuxError(used.get(uniqueKey()));
    expect(error.context).toMatchObject({ operation: "get", problem: "closed" });
  });

  it("refuses missing, doubled or bad options with CONFIG_INVALID", async () => {
    const client = createClient({ url: server.url });
    expect(() => redisStore({})).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
    expect(() => redisStore({ url: undefined })).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
    expect(() => redisStore({ url: server.url, client })).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID" }),
    );
    for (const connectTimeoutMs of [0, -5, 1.5, Number.NaN]) {
      expect(() => redisStore({ url: server.url, connectTimeoutMs })).toThrow(
        expect.objectContaining({ code: "CONFIG_INVALID" }),
      );
    }
    expect(() => redisStore({ url: server.url, commandTimeoutMs: 0 })).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID" }),
    );
    // The URL may hold a password, so the error neither quotes it nor carries the parser's error.
    const secretUrl = "http://user:hunter2@127.0.0.1:1";
    let thrown: unknown;
    try {
      redisStore({ url: secretUrl });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: "CONFIG_INVALID" });
    expect(JSON.stringify(thrown) + String(thrown) + String((thrown as Error).cause)).not.toContain(
      "hunter2",
    );
  });

  it("refuses TTLs the memory store refuses, on update too", async () => {
    const store = open();
    for (const ttl of [0, -1, 1.5, Number.NaN, 2 ** 60]) {
      await expectPaymuxError(store.update(uniqueKey(), record("a"), ttl), "CONFIG_INVALID");
    }
  });
});
