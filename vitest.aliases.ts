// Tests run against the workspace's sources, never a stale build: `@paymux/<package>` and
// `@paymux/<package>/<subpath>` resolve to `packages/<package>/src/index.ts` and `.../src/<subpath>/index.ts`.
import { fileURLToPath } from "node:url";

const packages = fileURLToPath(new URL("./packages/", import.meta.url));

/** Vite aliases from paymux package names to their sources. */
export const paymuxSourceAliases = [
  { find: /^@paymux\/([a-z0-9-]+)\/([a-z0-9-]+)$/, replacement: `${packages}$1/src/$2/index.ts` },
  { find: /^@paymux\/([a-z0-9-]+)$/, replacement: `${packages}$1/src/index.ts` },
];
