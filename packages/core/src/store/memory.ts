import { PaymuxError } from "../errors/index.js";
import type { PaymentRecord, PaymentStore } from "./types.js";

/** Options of {@link memoryStore}. */
export type MemoryStoreParameters = {
  /** Most records kept; the oldest-expiring go first when full (default 100,000). */
  maxEntries?: number;
  /** Clock in unix milliseconds (injectable for expiry tests). */
  now?: () => number;
};

/**
 * The default store: one process, no persistence. JavaScript runs one callback at a time, so a check-and-set
 * with no `await` in between is atomic here; several server instances need a shared store (`@paymux/store-redis`).
 */
export function memoryStore(parameters: MemoryStoreParameters = {}): PaymentStore {
  const maxEntries = parameters.maxEntries ?? 100_000;
  const now = parameters.now ?? Date.now;
  const entries = new Map<string, { record: PaymentRecord; expiresAt: number }>();

  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const checkTtl = (ttlMs: number) => {
    if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
      throw new PaymuxError("CONFIG_INVALID", "Store TTL must be a positive integer of milliseconds", {
        context: { ttlMs },
      });
    }
  };
  const makeRoom = () => {
    if (entries.size < maxEntries) return;
    const time = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= time) entries.delete(key);
    // Still full: evicting a live claim would reopen a replay window, so refuse instead (fail closed).
    if (entries.size >= maxEntries) {
      throw new PaymuxError(
        "CONFIG_INVALID",
        "Memory store is full; raise maxEntries or use a shared store",
        {
          context: { maxEntries },
        },
      );
    }
  };

  return {
    async claim(key, record, ttlMs) {
      checkTtl(ttlMs);
      if (live(key)) return false;
      makeRoom();
      entries.set(key, { record: structuredClone(record), expiresAt: now() + ttlMs });
      return true;
    },
    async get(key) {
      const entry = live(key);
      return entry ? structuredClone(entry.record) : undefined;
    },
    async update(key, record, ttlMs, from = record.owner) {
      checkTtl(ttlMs);
      const entry = live(key);
      if (!entry || entry.record.owner !== from) return false;
      entries.set(key, { record: structuredClone(record), expiresAt: now() + ttlMs });
      return true;
    },
    async release(key, owner) {
      if (live(key)?.record.owner === owner) entries.delete(key);
    },
    async close() {
      entries.clear();
    },
  };
}
