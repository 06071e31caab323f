// Types shared by the RPC method tables and the engine that owns them.
import type { ExecutionContext } from "./execute.js";
import type { Faucet } from "./faucet.js";

/** The engine's state as the method handlers see it. */
export interface EngineInternals extends ExecutionContext {
  readonly genesisHash: string;
  readonly faucet: Faucet;
  /** Wraps a value the way context-bearing methods answer: `{ context: { apiVersion, slot }, value }`. */
  withContext(value: unknown): { context: { apiVersion: string; slot: bigint }; value: unknown };
}

/** RPC handlers by method name; each gets the positional params and returns the `result`. */
export type MethodTable = Record<string, (params: readonly unknown[]) => unknown>;
