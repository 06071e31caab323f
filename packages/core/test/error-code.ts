import { PaymuxError } from "../src/errors/index.js";

/** The code of the PaymuxError `fn` throws; fails the test when it returns or throws anything else. */
export function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof PaymuxError) return error.code;
    throw error;
  }
  throw new Error("expected a PaymuxError");
}

/** {@link errorCode} for functions that may return a promise. */
export async function errorCodeAsync(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof PaymuxError) return error.code;
    throw error;
  }
  throw new Error("expected a PaymuxError");
}
