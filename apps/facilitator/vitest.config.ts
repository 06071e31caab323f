import { defineConfig } from "vitest/config";
import { paymuxSourceAliases } from "../../vitest.aliases.js";

export default defineConfig({
  resolve: { alias: paymuxSourceAliases },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The JSON report feeds the root "N passed, N failed" summary (scripts/run-tests.mjs).
    reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]],
  },
});
