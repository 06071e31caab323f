import { defineConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.aliases.js";

// Each file starts its own local chains (and proxies); files run one after another on 2-core machines.
export default defineConfig(
  packageTestConfig({ include: ["test/**/*.test.ts"], timeoutMs: 120_000, fileParallelism: false }),
);
