#!/usr/bin/env node
// Measures what a browser payer ships: @paymux/client + @paymux/core + one chain's client subpath (and what
// that pulls from viem or @solana/kit), bundled for the browser, minified, then gzipped. Needs `pnpm build`.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const entries = {
  "client + core + chain-evm/client": `export { wrapFetch } from "@paymux/client"; export { exactEvmPayer } from "@paymux/chain-evm/client";`,
  "client + core + chain-solana/client": `export { wrapFetch } from "@paymux/client"; export { exactSolanaPayer } from "@paymux/chain-solana/client";`,
  "client + core (no chain)": `export { wrapFetch } from "@paymux/client";`,
};

const rows = [];
for (const [name, contents] of Object.entries(entries)) {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  rows.push({ name, minified: code.length, gzip: gzipSync(code, { level: 9 }).length });
}
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log("| bundle | minified | gzip |\n|---|---|---|");
for (const row of rows) console.log(`| ${row.name} | ${kb(row.minified)} | ${kb(row.gzip)} |`);
