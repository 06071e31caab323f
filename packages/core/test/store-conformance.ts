// The behaviour every PaymentStore must have, run against the memory store here and against Redis in
// @paymux/store-redis. A store that passes keeps a credential usable once, across concurrent callers.
import { describe, expect, it } from "vitest";
import type { PaymentRecord, PaymentStore } from "../src/store/index.js";

const record = (owner: string, state: PaymentRecord["state"] = "claimed"): PaymentRecord => ({
  state,
  owner,
  updatedAt: 1_700_000_000_000,
});

/** Registers the store conformance tests; `create` gives a fresh, empty store (or one with unique keys). */
export function describeStoreConformance(name: string, create: () => Promise<PaymentStore> | PaymentStore) {
  describe(`PaymentStore conformance: ${name}`, () => {
    let n = 0;
    const key = () => `conformance:${Date.now()}:${Math.random().toString(36).slice(2)}:${n++}`;

    it("claims a key once and returns what was stored", async () => {
      const store = await create();
      const k = key();
      expect(await store.claim(k, record("a"), 60_000)).toBe(true);
      expect(await store.claim(k, record("b"), 60_000)).toBe(false);
      expect(await store.get(k)).toEqual(record("a"));
      expect(await store.get(key())).toBeUndefined();
    });

    it("lets exactly one of 50 concurrent claims win", async () => {
      const store = await create();
      const k = key();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.claim(k, record(`owner-${i}`), 60_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect((await store.get(k))?.owner).toBe(`owner-${winner}`);
    });

    it("updates and releases only for the owner", async () => {
      const store = await create();
      const k = key();
      await store.claim(k, record("a"), 60_000);
      expect(await store.update(k, record("b", "settled"), 60_000)).toBe(false);
      await store.release(k, "b");
      expect((await store.get(k))?.owner).toBe("a");
      const settled: PaymentRecord = {
        ...record("a", "settled"),
        receipt: { success: true, transaction: "0xabc", network: "eip155:31337", amount: "1000" },
      };
      expect(await store.update(k, settled, 60_000)).toBe(true);
      expect(await store.get(k)).toEqual(settled);
      await store.release(k, "a");
      expect(await store.get(k)).toBeUndefined();
      expect(await store.claim(k, record("c"), 60_000)).toBe(true);
    });

    it("hands a record over from its owner to a new one, once, whoever races for it", async () => {
      const store = await create();
      const k = key();
      await store.claim(k, record("crashed"), 60_000);
      const resumed: PaymentRecord = {
        ...record("x", "unknown"),
        credential: "digest",
        leaseUntil: 1_700_000_060_000,
        delivered: false,
      };
      // Not from a stranger: the hand-over names the owner it takes the record from.
      expect(await store.update(k, { ...resumed, owner: "thief" }, 60_000, "someone-else")).toBe(false);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.update(k, { ...resumed, owner: `taker-${i}` }, 60_000, "crashed"),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.get(k)).toEqual({ ...resumed, owner: `taker-${results.indexOf(true)}` });
    });

    it("does not update a key that was never claimed", async () => {
      const store = await create();
      const k = key();
      expect(await store.update(k, record("a", "settled"), 60_000)).toBe(false);
      expect(await store.get(k)).toBeUndefined();
    });

    it("forgets a record after its TTL", async () => {
      const store = await create();
      const k = key();
      expect(await store.claim(k, record("a"), 50)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await store.get(k)).toBeUndefined();
      expect(await store.claim(k, record("b"), 60_000)).toBe(true);
    });

    it("refuses a non-positive or fractional TTL with CONFIG_INVALID", async () => {
      const store = await create();
      for (const ttl of [0, -1, 1.5, Number.NaN]) {
        await expect(store.claim(key(), record("a"), ttl)).rejects.toMatchObject({ code: "CONFIG_INVALID" });
      }
    });
  });
}
