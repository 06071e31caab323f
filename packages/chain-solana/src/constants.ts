import { TOKEN_2022_PROGRAM, TOKEN_PROGRAM } from "@paymux/core";
import type { Address } from "@solana/kit";

/** The System program. */
export const SYSTEM_PROGRAM = "11111111111111111111111111111111" as Address;
/** The ComputeBudget program. */
export const COMPUTE_BUDGET_PROGRAM = "ComputeBudget111111111111111111111111111111" as Address;
/** The SPL Memo program (v2). */
export const MEMO_PROGRAM = "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr" as Address;
/** Lighthouse, the assertion program Phantom and Solflare append to transactions they sign. */
export const LIGHTHOUSE_PROGRAM = "L2TExMFKdjpN9kozasaurPirfHy9P8sbXoAN1qA3S95" as Address;
/** The Associated Token Account program. */
export const ASSOCIATED_TOKEN_PROGRAM = "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL" as Address;
/** The SPL Token program (re-typed as a kit Address). */
export const SPL_TOKEN_PROGRAM = TOKEN_PROGRAM as Address;
/** The Token-2022 program (re-typed as a kit Address). */
export const SPL_TOKEN_2022_PROGRAM = TOKEN_2022_PROGRAM as Address;

/** Compute-unit limit an `exact` payer requests (x402 §5.2: a TransferChecked needs far less). */
export const DEFAULT_COMPUTE_UNIT_LIMIT = 20_000;
/** Compute-unit price an `exact` payer offers, in microlamports (x402 §5.2). */
export const DEFAULT_COMPUTE_UNIT_PRICE = 1n;
/** Highest compute-unit price a sponsoring payee accepts by default, in microlamports (x402 ref: 5 lamports/CU). */
export const DEFAULT_MAX_COMPUTE_UNIT_PRICE = 5_000_000n;
/**
 * Highest compute-unit limit a sponsoring payee accepts by default. Limit × price is what the fee payer is
 * charged in priority fees, so both need a cap; 200,000 is what @solana/mpp requests.
 */
export const DEFAULT_MAX_COMPUTE_UNIT_LIMIT = 200_000;

/** True when `program` is one of the two SPL token programs. */
export function isTokenProgram(program: string): boolean {
  return program === TOKEN_PROGRAM || program === TOKEN_2022_PROGRAM;
}
