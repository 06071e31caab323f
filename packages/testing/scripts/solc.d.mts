// Types for solc.mjs, so src/evm/compile.ts can import it under strict TypeScript without allowJs.

/** Directory holding the .sol sources; source unit names are paths relative to it. */
export declare const CONTRACTS_DIR: string;

/** The solc-js release the committed artifact was built with; any other version is refused. */
export declare const SOLC_VERSION: string;

/** Fixed compiler settings: changing any of them changes the committed bytecode. */
export declare const SOLC_SETTINGS: Readonly<Record<string, unknown>>;

/** Compiles one contract from contracts/ with the fixed settings (warnings are errors). */
export declare function compileSolidity(
  sourcePath: string,
  contractName: string,
): { abi: unknown[]; bytecode: `0x${string}`; deployedBytecode: `0x${string}` };
