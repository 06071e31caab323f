// 4. What a browser payer ships: packages/client/scripts/bundle-size.mjs (esbuild, minified, gzip -9), run as
// is and its table read back, so the bench and the client's size budgets always measure the same thing.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runSuite } from "../lib/suite.mjs";

const CLIENT = fileURLToPath(new URL("../../packages/client/", import.meta.url));
const kb = (text) => Number.parseFloat(text);

await runSuite("size", async (log) => {
  const result = spawnSync(process.execPath, ["scripts/bundle-size.mjs"], { cwd: CLIENT, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`bundle-size.mjs failed:\n${result.stderr}${result.stdout}`);
  const output = result.stdout;
  const bundles = [];
  for (const line of output.split("\n")) {
    // | client + core + chain-evm/client | 56.6 KB | 19.5 KB |
    const cells = line.split("|").map((cell) => cell.trim());
    if (cells.length < 4 || !/KB$/.test(cells[2] ?? "")) continue;
    bundles.push({ name: cells[1], minifiedKb: kb(cells[2]), gzipKb: kb(cells[3]) });
  }
  // "✓ client + core + chain-evm/client: 19.5 KB of 20.5 KB", when the script checks budgets.
  for (const line of output.split("\n")) {
    const match = /^\s*([✓✗])\s+(.+?):\s+([\d.]+) KB of ([\d.]+) KB/.exec(line);
    const bundle = match && bundles.find((entry) => entry.name === match[2]);
    if (bundle) Object.assign(bundle, { budgetKb: kb(match[4]), withinBudget: match[1] === "✓" });
  }
  if (bundles.length === 0) throw new Error(`no table in bundle-size.mjs output:\n${output}`);
  for (const bundle of bundles) log(`${bundle.name}: ${bundle.minifiedKb} KB min, ${bundle.gzipKb} KB gzip`);
  return { tool: "esbuild --minify, platform browser, es2022, gzip -9", bundles };
});
