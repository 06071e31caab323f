#!/usr/bin/env node
// Regenerates src/evm/artifact.ts from contracts/TestUSDC.sol.
// Usage (from packages/testing): node scripts/build-artifact.mjs
// The output is committed so that the runtime code of @paymux/testing never needs solc;
// src/evm/artifact.test.ts fails when the committed file and the source drift apart.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { compileSolidity, SOLC_VERSION } from "./solc.mjs";

const target = fileURLToPath(new URL("../src/evm/artifact.ts", import.meta.url));
const { abi, bytecode, deployedBytecode } = compileSolidity("TestUSDC.sol", "TestUSDC");

const text = `// GENERATED from contracts/TestUSDC.sol by solc ${SOLC_VERSION}. Do not edit by hand.
// Regenerate (from packages/testing): node scripts/build-artifact.mjs
// artifact.test.ts recompiles the source and fails if this file is stale.

/** ABI of paymux's test USDC (ERC-20, EIP-3009, EIP-2612), typed for viem. */
export const testUsdcAbi = ${JSON.stringify(abi, null, 2)} as const;

/** Creation bytecode of the test USDC; constructor args are (name, version, symbol, owner). */
export const testUsdcBytecode = "${bytecode}" as const;

/** Runtime bytecode of the test USDC, for \`anvil_setCode\` followed by \`initialize\`. */
export const testUsdcDeployedBytecode = "${deployedBytecode}" as const;
`;
writeFileSync(target, text);

// Format with the repo's Biome so regenerating never leaves a lint diff; optional when run outside the monorepo.
try {
  const biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");
  const result = spawnSync(process.execPath, [biome, "format", "--write", target], { stdio: "inherit" });
  if (result.status !== 0) console.warn("biome format failed; artifact.ts left unformatted");
} catch {
  console.warn("@biomejs/biome not found; artifact.ts left unformatted");
}
console.log(`wrote ${target}`);
