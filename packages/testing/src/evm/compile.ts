// Test- and build-time only: this module pulls in solc (a devDependency), so nothing reachable from
// src/evm/index.ts may import it. The runtime uses the committed artifact.ts instead.
import type { Abi, Hex } from "viem";
import { compileSolidity } from "../../scripts/solc.mjs";

/** Output of compiling one contract: what viem needs to deploy it or to place it with `anvil_setCode`. */
export type CompiledContract = { abi: Abi; bytecode: Hex; deployedBytecode: Hex };

/** Compiles contracts/TestUSDC.sol with solc-js 0.8.37 and the fixed settings the artifact was built with. */
export function compileTestUsdc(): CompiledContract {
  return compileContract("TestUSDC.sol", "TestUSDC");
}

/** Compiles any contract under contracts/ (e.g. "test/TestWallet1271.sol") with the same fixed settings. */
export function compileContract(sourcePath: string, contractName: string): CompiledContract {
  const { abi, bytecode, deployedBytecode } = compileSolidity(sourcePath, contractName);
  return { abi: abi as Abi, bytecode, deployedBytecode };
}
