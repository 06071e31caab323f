// The one place that knows how paymux compiles its Solidity: src/evm/compile.ts (typed, for tests) and
// scripts/build-artifact.mjs (the generator) both call this, so the committed artifact and the test that
// recompiles it can never disagree about compiler settings. Plain .mjs because Node 20 cannot run .ts files.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";

/** Directory holding the .sol sources; source unit names are paths relative to it. */
export const CONTRACTS_DIR = fileURLToPath(new URL("../contracts/", import.meta.url));

/** The solc-js release the committed artifact was built with; any other version is refused. */
export const SOLC_VERSION = "0.8.37";

/** Fixed compiler settings: changing any of them changes the committed bytecode. */
export const SOLC_SETTINGS = Object.freeze({
  optimizer: { enabled: true, runs: 200 },
  // Cancun is supported by anvil and by every chain paymux targets; pinned so a solc default bump changes nothing.
  evmVersion: "cancun",
  // No metadata hash: the bytecode then depends on the code, not on comments or file paths.
  metadata: { bytecodeHash: "none", appendCBOR: false },
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
});

/**
 * Compiles one contract from contracts/ with the fixed settings.
 * Warnings are treated as errors so the token source stays clean.
 * @param {string} sourcePath path relative to contracts/, e.g. "TestUSDC.sol"
 * @param {string} contractName e.g. "TestUSDC"
 * @returns {{ abi: unknown[], bytecode: `0x${string}`, deployedBytecode: `0x${string}` }}
 */
export function compileSolidity(sourcePath, contractName) {
  const actual = solc.version();
  if (!actual.startsWith(`${SOLC_VERSION}+`)) {
    throw new Error(`paymux contracts must be compiled with solc ${SOLC_VERSION}, found ${actual}`);
  }
  const input = {
    language: "Solidity",
    sources: { [sourcePath]: { content: readSource(sourcePath) } },
    settings: SOLC_SETTINGS,
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
  const problems = (output.errors ?? []).filter((e) => e.severity !== "info");
  if (problems.length > 0) {
    throw new Error(`solc rejected ${sourcePath}:\n${problems.map((e) => e.formattedMessage).join("\n")}`);
  }
  const contract = output.contracts?.[sourcePath]?.[contractName];
  if (!contract) throw new Error(`solc produced no contract ${contractName} in ${sourcePath}`);
  return {
    abi: contract.abi,
    bytecode: `0x${contract.evm.bytecode.object}`,
    deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
  };
}

/** @param {string} sourcePath */
function readSource(sourcePath) {
  return readFileSync(join(CONTRACTS_DIR, sourcePath), "utf8");
}

/** @param {string} importPath */
function findImport(importPath) {
  try {
    return { contents: readSource(importPath) };
  } catch {
    return { error: `import not found in contracts/: ${importPath}` };
  }
}
