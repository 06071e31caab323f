import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", evm: "src/evm/index.ts", solana: "src/solana/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  external: ["litesvm", "@foundry-rs/anvil"],
});
