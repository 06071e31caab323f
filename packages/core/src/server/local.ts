import { PaymuxError } from "../errors/index.js";
import type { LocalServerSetup } from "./types.js";

// Not a static import: core must not depend on the chain packages. The name is held in a variable so bundlers
// leave it alone; it is resolved only when a server is created with no payees.
const LOCAL_MODULE = "@paymux/local";

type LocalModule = { createLocalServerSetup?: () => Promise<LocalServerSetup> };

/**
 * Loads `@paymux/local` and starts the local chains with fresh receiving wallets. It is found from core's own
 * location, or else from the application's working directory (where a strict package manager put it).
 */
export async function loadLocalSetup(): Promise<LocalServerSetup> {
  let module: LocalModule | undefined;
  try {
    module = (await import(/* @vite-ignore */ LOCAL_MODULE)) as LocalModule;
  } catch {
    module = await importFromWorkingDirectory();
  }
  if (typeof module?.createLocalServerSetup !== "function") {
    throw new PaymuxError(
      "CONFIG_INVALID",
      "No payees are configured and @paymux/local is not installed: pass `payees` and `payTo`, or run `npm install -D @paymux/local` to charge on local chains",
    );
  }
  return module.createLocalServerSetup();
}

async function importFromWorkingDirectory(): Promise<LocalModule | undefined> {
  try {
    const { createRequire } = (await import("node:module")) as typeof import("node:module");
    const { pathToFileURL } = (await import("node:url")) as typeof import("node:url");
    const cwd = globalThis.process?.cwd();
    if (!cwd) return undefined;
    const resolved = createRequire(`${cwd}/`).resolve(LOCAL_MODULE);
    return (await import(/* @vite-ignore */ pathToFileURL(resolved).href)) as LocalModule;
  } catch {
    return undefined;
  }
}
