import { toFunctionSelector } from "viem";
import { describe, expect, it } from "vitest";
import { testUsdcAbi, testUsdcBytecode, testUsdcDeployedBytecode } from "./artifact.js";
import { compileTestUsdc } from "./compile.js";

describe("committed TestUSDC artifact", () => {
  it("matches a fresh compile of contracts/TestUSDC.sol (run scripts/build-artifact.mjs if not)", () => {
    const compiled = compileTestUsdc();
    expect(testUsdcBytecode).toBe(compiled.bytecode);
    expect(testUsdcDeployedBytecode).toBe(compiled.deployedBytecode);
    expect(testUsdcAbi).toEqual(compiled.abi);
  });

  it("exposes the selectors settlement code and other SDKs call", () => {
    const selectors = testUsdcAbi
      .filter((item) => item.type === "function")
      .map((item) => toFunctionSelector(item));
    expect(selectors).toEqual(
      expect.arrayContaining([
        "0xe3ee160e", // transferWithAuthorization(..., uint8 v, bytes32 r, bytes32 s)
        "0xcf092995", // transferWithAuthorization(..., bytes signature)
        "0xef55bec6", // receiveWithAuthorization(..., v, r, s)
        "0x88b7ab63", // receiveWithAuthorization(..., bytes)
        "0x5a049a70", // cancelAuthorization(address,bytes32,uint8,bytes32,bytes32)
        "0xb7b72899", // cancelAuthorization(address,bytes32,bytes)
        "0xe94a0102", // authorizationState(address,bytes32)
        "0xd505accf", // permit(owner, spender, value, deadline, v, r, s)
        "0x7ecebe00", // nonces(address)
        "0x3644e515", // DOMAIN_SEPARATOR()
        "0x54fd4d50", // version()
      ]),
    );
  });
});
