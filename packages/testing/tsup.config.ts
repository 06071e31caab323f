import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    evm: "src/evm/index.ts",
    solana: "src/solana/index.ts",
    payments: "src/payments/index.ts",
    redis: "src/redis/index.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  external: ["litesvm", "@foundry-rs/anvil"],
  // anvil.ts resolves the binary relative to its own file: import.meta.url in ESM, __filename in CJS.
  shims: true,
});
