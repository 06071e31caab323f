// Tests run against the workspace's sources, never a stale build: `@paymux/<package>` and
// `@paymux/<package>/<subpath>` resolve to `packages/<package>/src/index.ts` and `.../src/<subpath>/index.ts`.
import { fileURLToPath } from "node:url";
import type { ViteUserConfig } from "vitest/config";

const packages = fileURLToPath(new URL("./packages/", import.meta.url));

/** Vite aliases from paymux package names to their sources. */
export const paymuxSourceAliases = [
  { find: /^@paymux\/([a-z0-9-]+)\/([a-z0-9-]+)$/, replacement: `${packages}$1/src/$2/index.ts` },
  { find: /^@paymux\/([a-z0-9-]+)$/, replacement: `${packages}$1/src/index.ts` },
];

/** Options of {@link packageTestConfig}. */
export type PackageTestConfigParameters = {
  include?: string[];
  timeoutMs?: number;
  fileParallelism?: boolean;
};

/**
 * The vitest configuration every package shares: sources through the aliases, real-chain timeouts, and the JSON
 * report that feeds the root "N passed, N failed" summary (scripts/run-tests.mjs).
 */
export function packageTestConfig(parameters: PackageTestConfigParameters = {}): ViteUserConfig {
  return {
    resolve: { alias: paymuxSourceAliases },
    test: {
      include: parameters.include ?? ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: parameters.timeoutMs ?? 60_000,
      hookTimeout: parameters.timeoutMs ?? 60_000,
      ...(parameters.fileParallelism === undefined ? {} : { fileParallelism: parameters.fileParallelism }),
      reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]],
    },
  };
}
