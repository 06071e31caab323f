import { PaymuxError } from "@paymux/core";
import type { PaymentStore } from "@paymux/core/server";
import { createClient } from "@redis/client";
import {
  claimCommand,
  claimWon,
  getCommand,
  releaseCommand,
  SCRIPT_CORRUPT,
  SCRIPT_DONE,
  updateCommand,
} from "./commands.js";
import { corruptRecord, parseRecord, replyText, storeError } from "./record.js";

/**
 * The part of a node-redis client (`createClient()` of `redis` or `@redis/client`, v5 or later) the store uses.
 * Commands go through `sendCommand`, so a `keyPrefix` configured on the client is not applied: use `prefix`.
 */
export type RedisStoreClient = {
  readonly isOpen: boolean;
  connect(): Promise<unknown>;
  sendCommand(args: readonly string[], options?: { timeout?: number }): Promise<unknown>;
  on(event: "error", listener: (error: unknown) => void): unknown;
  off(event: "error", listener: (error: unknown) => void): unknown;
};

/** Options of {@link redisStore}: give exactly one of `url` and `client`. */
export type RedisStoreParameters = {
  /** `redis[s]://[[user][:password]@]host[:port][/db]`; the store creates, connects (lazily) and closes the client. */
  url?: string | undefined;
  /** A client you own, connected or not: the store connects it if needed and never closes it. */
  client?: RedisStoreClient | undefined;
  /** Prepended to every key (default `"paymux:"`), so several applications can share one Redis. */
  prefix?: string;
  /** Longest wait for a connection before an operation fails (default 5000 ms). */
  connectTimeoutMs?: number;
  /** Longest wait for one command's reply before the operation fails (default 5000 ms). */
  commandTimeoutMs?: number;
};

/** A {@link PaymentStore} in Redis; `close` is always there. */
export type RedisStore = PaymentStore & { close(): Promise<void> };

const DEFAULT_PREFIX = "paymux:";
const DEFAULT_TIMEOUT_MS = 5_000;
// Reconnecting forever would leave requests queued behind a dead Redis. A few quick retries ride out a blip;
// after that the connection is given up and the next operation starts a fresh (again bounded) attempt.
const MAX_RECONNECTS = 3;
const reconnectStrategy = (retries: number) => (retries >= MAX_RECONNECTS ? false : 50 * 2 ** retries);

/**
 * A PaymentStore shared by every server instance using the same Redis (and prefix). Claims are `SET NX PX`;
 * updates and releases are owner-checked in Lua; every failure to reach Redis rejects with a PaymuxError.
 */
export function redisStore(parameters: RedisStoreParameters): RedisStore {
  const { url, client: given } = parameters;
  if ((url === undefined) === (given === undefined)) {
    throw new PaymuxError("CONFIG_INVALID", "redisStore needs exactly one of `url` and `client`", {
      context: { hasUrl: url !== undefined, hasClient: given !== undefined },
    });
  }
  const prefix = parameters.prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== "string")
    throw new PaymuxError("CONFIG_INVALID", "redisStore `prefix` is not a string");
  const connectTimeoutMs = checkMs("connectTimeoutMs", parameters.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS);
  const commandTimeoutMs = checkMs("commandTimeoutMs", parameters.commandTimeoutMs ?? DEFAULT_TIMEOUT_MS);
  const owned = given === undefined ? createOwnedClient(url as string, connectTimeoutMs) : undefined;
  const client: RedisStoreClient = given ?? (owned as RedisStoreClient);
  // An 'error' event without a listener kills the process. Errors reach callers as rejected operations;
  // nothing is logged, because keys and values may be derived from payments.
  const ignoreError = () => {};
  client.on("error", ignoreError);

  let closed = false;
  let connecting: Promise<void> | undefined;
  const open = async () => {
    if (!connecting) {
      // Open but not ready means reconnecting: commands then fail fast (owned) or time out, never hang.
      if (client.isOpen) return;
      connecting = client.connect().then(
        () => {
          connecting = undefined;
        },
        (error: unknown) => {
          connecting = undefined;
          throw error;
        },
      );
    }
    await withDeadline(connecting, connectTimeoutMs, "No connection to Redis");
  };
  const send = async (operation: string, args: string[]): Promise<unknown> => {
    if (closed) throw storeError(operation, "closed", "The Redis store is closed");
    try {
      await open();
      // node-redis's `timeout` only covers a command still queued; once written it waits for the reply forever,
      // so the deadline is ours too. A late reply is dropped: the caller has already been told "no".
      const reply = client.sendCommand(args, { timeout: commandTimeoutMs });
      return await withDeadline(reply, commandTimeoutMs, "Redis did not answer");
    } catch (error) {
      const message = `Redis store ${operation} failed: Redis is unreachable, too slow or refused the command`;
      throw storeError(operation, "unavailable", message, error);
    }
  };
  const ownerChecked = async (operation: string, args: string[]): Promise<boolean> => {
    const result = Number(await send(operation, args));
    if (result === SCRIPT_CORRUPT) throw corruptRecord(operation, "not a JSON object");
    return result === SCRIPT_DONE;
  };

  return {
    async claim(key, record, ttlMs) {
      checkTtl(ttlMs);
      return claimWon(await send("claim", claimCommand(prefix + key, record, ttlMs)));
    },
    async get(key) {
      const text = replyText(await send("get", getCommand(prefix + key)), "get");
      return text === undefined ? undefined : parseRecord(text, "get");
    },
    async update(key, record, ttlMs, from) {
      checkTtl(ttlMs);
      return ownerChecked("update", updateCommand(prefix + key, record, ttlMs, from));
    },
    async release(key, owner) {
      await ownerChecked("release", releaseCommand(prefix + key, owner));
    },
    async close() {
      if (closed) return;
      closed = true;
      // A given client stays as it was found; ours keeps its listener, a closing socket may still emit.
      if (!owned) {
        client.off("error", ignoreError);
        return;
      }
      // close() lets commands in flight finish, but a Redis that stopped answering must not hold it forever.
      if (owned.isOpen) {
        await withDeadline(owned.close(), commandTimeoutMs, "Redis did not close").catch(() => {});
      }
      owned.destroy();
    },
  };
}

function createOwnedClient(url: string, connectTimeoutMs: number) {
  try {
    return createClient({
      url,
      // Fail closed: while reconnecting, reject commands at once instead of queueing them.
      disableOfflineQueue: true,
      socket: { connectTimeout: connectTimeoutMs, reconnectStrategy },
    });
  } catch {
    // The parse error is dropped on purpose: it may quote the URL, and the URL may hold a password.
    throw new PaymuxError("CONFIG_INVALID", "redisStore `url` is not a valid redis:// or rediss:// URL");
  }
}

function checkMs(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    const message = `redisStore \`${name}\` must be a positive integer of milliseconds`;
    throw new PaymuxError("CONFIG_INVALID", message, { context: { [name]: value } });
  }
  return value;
}

// The same rule as the memory store, so a server behaves the same whichever store it runs on.
function checkTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new PaymuxError("CONFIG_INVALID", "Store TTL must be a positive integer of milliseconds", {
      context: { ttlMs },
    });
  }
}

async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
