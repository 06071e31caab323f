import { fileURLToPath } from "node:url";
import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  // The workspace paths (tsconfig.paths.json) are relative to the repository root; tsup's declaration build
  // loses that base, so give it explicitly or the types resolve to stale or missing builds of the packages.
  dts: { compilerOptions: { baseUrl: fileURLToPath(new URL("../..", import.meta.url)) } },
  sourcemap: true,
  clean: true,
  target: "es2022",
});
