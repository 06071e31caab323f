import { describe, expect, it } from "vitest";
import { describeStoreConformance } from "../../test/store-conformance.js";
import { memoryStore } from "./memory.js";

describeStoreConformance("memory", () => memoryStore());

describe("memoryStore", () => {
  it("keeps records apart from the caller's objects", async () => {
    const store = memoryStore();
    const record = { state: "claimed" as const, owner: "a", updatedAt: 1 };
    await store.claim("k", record, 1_000);
    record.owner = "mutated";
    expect((await store.get("k"))?.owner).toBe("a");
  });

  it("drops expired records to make room, and refuses new claims when only live ones remain", async () => {
    let time = 0;
    const store = memoryStore({ maxEntries: 2, now: () => time });
    await store.claim("a", { state: "claimed", owner: "x", updatedAt: 0 }, 10);
    await store.claim("b", { state: "claimed", owner: "x", updatedAt: 0 }, 1_000);
    time = 20;
    expect(await store.claim("c", { state: "claimed", owner: "x", updatedAt: 20 }, 1_000)).toBe(true);
    await expect(
      store.claim("d", { state: "claimed", owner: "x", updatedAt: 20 }, 1_000),
    ).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });
    expect(await store.get("b")).toBeDefined();
  });
});
