#!/usr/bin/env node
// Measures what a browser payer ships: @paymux/client + @paymux/core + one chain's client subpath (and what
// that pulls from viem or @solana/kit), bundled for the browser, minified, then gzipped. Needs `pnpm build`.
// Prints a table, then checks each gzip size against its budget in ../size-budgets.json and exits non-zero when a
// bundle outgrew it (`--no-budgets` only prints). Runs from any directory.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

// Resolve from this package, not the caller's directory, so CI and the benchmark can run it from anywhere.
const packageDir = fileURLToPath(new URL("..", import.meta.url));

const entries = {
  "client + core + chain-evm/client": `export { wrapFetch } from "@paymux/client"; export { exactEvmPayer } from "@paymux/chain-evm/client";`,
  "client + core + chain-solana/client": `export { wrapFetch } from "@paymux/client"; export { exactSolanaPayer } from "@paymux/chain-solana/client";`,
  "client + core (no chain)": `export { wrapFetch } from "@paymux/client";`,
};

const rows = [];
for (const [name, contents] of Object.entries(entries)) {
  const result = await build({
    stdin: { contents, resolveDir: packageDir, loader: "js" },
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

if (!process.argv.includes("--no-budgets")) {
  const budgetFile = new URL("../size-budgets.json", import.meta.url);
  const { gzipKB } = JSON.parse(readFileSync(budgetFile, "utf8"));
  console.log("\nbudgets (gzip, packages/client/size-budgets.json):");
  let over = 0;
  for (const row of rows) {
    const budget = gzipKB[row.name];
    // A bundle without a budget fails too, so a new entry cannot slip in unmeasured.
    const ok = typeof budget === "number" && row.gzip <= budget * 1024;
    if (!ok) over++;
    const limit = typeof budget === "number" ? `${budget.toFixed(1)} KB` : "no budget";
    console.log(`  ${ok ? "✓" : "✖"} ${row.name}: ${kb(row.gzip)} of ${limit}`);
  }
  if (over > 0) {
    console.error(
      `✖ ${over} bundle(s) over budget: shrink them, or raise the budget in size-budgets.json with a reason`,
    );
    // exitCode, not exit(): a program that imports this file to print the sizes keeps running.
    process.exitCode = 1;
  }
}
