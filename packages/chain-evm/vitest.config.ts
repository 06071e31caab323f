import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // Tests run against the workspace sources, so they never depend on a stale build.
  resolve: {
    alias: [
      { find: /^@paymux\/core$/, replacement: source("../core/src/index.ts") },
      { find: /^@paymux\/testing\/evm$/, replacement: source("../testing/src/evm/index.ts") },
      { find: /^@paymux\/testing\/payments$/, replacement: source("../testing/src/payments/index.ts") },
    ],
  },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]],
  },
});
