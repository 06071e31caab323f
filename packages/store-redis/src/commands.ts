// The exact Redis commands the store sends, kept apart from the client handling so the cross-process test sends
// the very same commands from other OS processes (a claim must be exclusive across processes, not only clients).
import type { PaymentRecord } from "@paymux/core/server";

/** Reply of the owner-checked scripts: the write or delete was done. */
export const SCRIPT_DONE = 1;
/** Reply of the owner-checked scripts: nothing done, the key is missing or belongs to another owner. */
export const SCRIPT_NOT_OWNER = 0;
/** Reply of the owner-checked scripts: the stored value is not a JSON object, its owner is unknowable. */
export const SCRIPT_CORRUPT = -1;

// Read and check ownership inside Redis: a script runs without any other command in between, so nobody can
// re-claim the key between the check and the write (a GET then SET from JavaScript could lose that race).
const OWNER_CHECK = `local current = redis.call("GET", KEYS[1])
if not current then return ${SCRIPT_NOT_OWNER} end
local ok, record = pcall(cjson.decode, current)
if not ok or type(record) ~= "table" then return ${SCRIPT_CORRUPT} end
if record.owner ~= ARGV[1] then return ${SCRIPT_NOT_OWNER} end
`;

/** Lua: replace KEYS[1] with ARGV[2] for ARGV[3] ms if the stored record's owner is ARGV[1]. */
export const UPDATE_SCRIPT = `${OWNER_CHECK}redis.call("SET", KEYS[1], ARGV[2], "PX", ARGV[3])
return ${SCRIPT_DONE}`;

/** Lua: delete KEYS[1] if the stored record's owner is ARGV[1]. */
export const RELEASE_SCRIPT = `${OWNER_CHECK}redis.call("DEL", KEYS[1])
return ${SCRIPT_DONE}`;

/** `SET key record NX PX ttl`: Redis stores it only when the key is absent, atomically. */
export function claimCommand(key: string, record: PaymentRecord, ttlMs: number): string[] {
  return ["SET", key, JSON.stringify(record), "NX", "PX", String(ttlMs)];
}

/** True when a `SET … NX` reply says this call stored the value ("OK"; nil when the key existed). */
export function claimWon(reply: unknown): boolean {
  return reply !== null && reply !== undefined && String(reply) === "OK";
}

/** `GET key`. */
export function getCommand(key: string): string[] {
  return ["GET", key];
}

/** Runs {@link UPDATE_SCRIPT} for the current owner `from` (a hand-over when it is not `record.owner`). */
export function updateCommand(
  key: string,
  record: PaymentRecord,
  ttlMs: number,
  from: string = record.owner,
): string[] {
  return ["EVAL", UPDATE_SCRIPT, "1", key, from, JSON.stringify(record), String(ttlMs)];
}

/** Runs {@link RELEASE_SCRIPT} for `owner`. */
export function releaseCommand(key: string, owner: string): string[] {
  return ["EVAL", RELEASE_SCRIPT, "1", key, owner];
}
