// The shared PaymentStore conformance suite, against a real redis-server.
import type { PaymentStore } from "@paymux/core/server";
import { type RedisServer, startRedisServer } from "@paymux/testing/redis";
import { afterAll, afterEach, beforeAll } from "vitest";
import { describeStoreConformance } from "../../core/test/store-conformance.js";
import { redisStore } from "../src/index.js";

let server: RedisServer;
const stores: PaymentStore[] = [];

beforeAll(async () => {
  server = await startRedisServer();
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close?.()));
});
afterAll(async () => {
  await server?.stop();
});

describeStoreConformance("redis", () => {
  const store = redisStore({ url: server.url });
  stores.push(store);
  return store;
});
