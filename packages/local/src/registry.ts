import type { LocalPayments } from "./types.js";

// One registry per process, even when the package is loaded twice (its ESM and CJS builds, or a copy bundled
// into another package): every copy finds the same Set on globalThis under this registered symbol.
const KEY = Symbol.for("paymux.local.running");

function registry(): Set<LocalPayments> {
  const holder = globalThis as unknown as Record<symbol, Set<LocalPayments> | undefined>;
  let running = holder[KEY];
  if (!running) {
    // Created on first use, not at import, so that importing the package has no side effect.
    running = new Set();
    holder[KEY] = running;
  }
  return running;
}

/** Records a started local setup; {@link unregisterLocalPayments} removes it when it stops. */
export function registerLocalPayments(local: LocalPayments): void {
  registry().add(local);
}

/** Removes a local setup from the registry (idempotent). */
export function unregisterLocalPayments(local: LocalPayments): void {
  registry().delete(local);
}

/**
 * The local setups started by {@link startLocalPayments} in this process that have not been stopped, oldest
 * first. Zero-config clients pay on their networks with wallets from their `createPayer()`.
 */
export function runningLocalPayments(): readonly LocalPayments[] {
  return [...registry()];
}
