/**
 * Imports an optional package by name, or returns undefined when it is not installed. The name is a variable so
 * bundlers leave it alone (core must not depend on what it loads). A package is found from core's own location,
 * or else from the application's working directory, where a strict package manager (pnpm) puts what the
 * application installed.
 */
export async function importOptional<T>(specifier: string): Promise<T | undefined> {
  try {
    return (await import(/* @vite-ignore */ specifier)) as T;
  } catch {
    // Not resolvable from here: try the application's own node_modules.
  }
  try {
    const cwd = globalThis.process?.cwd();
    if (!cwd) return undefined;
    const { createRequire } = (await import("node:module")) as typeof import("node:module");
    const { pathToFileURL } = (await import("node:url")) as typeof import("node:url");
    const resolved = createRequire(`${cwd}/`).resolve(specifier);
    return (await import(/* @vite-ignore */ pathToFileURL(resolved).href)) as T;
  } catch {
    return undefined;
  }
}
