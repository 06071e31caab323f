import { PaymuxError } from "../errors/index.js";
import { importOptional } from "../runtime/optional.js";
import type { LocalServerSetup } from "./types.js";

type LocalModule = { createLocalServerSetup?: () => Promise<LocalServerSetup> };

/** Loads `@paymux/local` (never a static dependency of core) and starts the local chains with fresh wallets. */
export async function loadLocalSetup(): Promise<LocalServerSetup> {
  const module = await importOptional<LocalModule>("@paymux/local");
  if (typeof module?.createLocalServerSetup !== "function") {
    throw new PaymuxError(
      "CONFIG_INVALID",
      "No payees are configured and @paymux/local is not installed: pass `payees` and `payTo`, or run `npm install -D @paymux/local` to charge on local chains",
    );
  }
  return module.createLocalServerSetup();
}
