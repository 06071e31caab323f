import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Tests run against core's sources, so they never depend on a stale build.
  resolve: {
    alias: [
      {
        find: /^@paymux\/core$/,
        replacement: fileURLToPath(new URL("../core/src/index.ts", import.meta.url)),
      },
    ],
  },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The JSON report feeds the root "N passed, N failed" summary (scripts/run-tests.mjs).
    reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]],
  },
});
