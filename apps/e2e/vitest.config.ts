import { defineConfig } from "vitest/config";
import { paymuxSourceAliases } from "../../vitest.aliases.js";

export default defineConfig({
  resolve: { alias: paymuxSourceAliases },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One local chain set per file; files run one after another on 2-core machines.
    fileParallelism: false,
    reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]],
  },
});
