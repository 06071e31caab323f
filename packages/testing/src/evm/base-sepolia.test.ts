import { domainSeparator, getAddress, parseSignature, recoverTypedDataAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testUsdcAbi, testUsdcDeployedBytecode } from "./artifact.js";
import { fundEth, mintTestUsdc } from "./fixtures.js";
import { BASE_SEPOLIA_USDC_ADDRESS, type LocalEvmChain, startLocalEvmChain } from "./local-chain.js";
import { balanceOf, transferWithAuthorizationTypes } from "./test-utils.js";

// x402 spec vector (protocols/x402.md §9.1/§9.3): a real EIP-3009 signature on Base Sepolia USDC.
const SPEC = {
  domainSeparator: "0x71f17a3b2ff373b803d70a5a07c046c1a2bc8e89c09ef722fcb047abe94c9818",
  signature:
    "0x2d6a7588d6acca505cbf0d9a4a227e0c52c6c34008c8e8986a1283259764173608a2ce6496642e377d6da8dbbf5836e9bd15092f9ecab05ded3d6293af148b571c",
  authorization: {
    from: "0x857b06519E91e3A54538791bDbb0E22373e36b66",
    to: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
    value: 10_000n,
    validAfter: 1_740_672_089n,
    validBefore: 1_740_672_154n,
    nonce: "0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480",
  },
} as const;

let local: LocalEvmChain;
beforeAll(async () => {
  // Genesis a few seconds after the vector's validAfter, so its signature is inside its window on chain.
  local = await startLocalEvmChain({ impersonate: "base-sepolia", anvil: { timestamp: 1_740_672_095 } });
});
afterAll(async () => {
  await local?.stop();
});

describe("startLocalEvmChain({ impersonate: 'base-sepolia' })", () => {
  it("looks like Base Sepolia: chain id, CAIP-2 id, and the token at Circle's address", async () => {
    expect(local.chainId).toBe(84532);
    expect(local.caip2).toBe("eip155:84532");
    expect(await local.publicClient.getChainId()).toBe(84532);
    expect(local.usdc).toEqual({
      address: BASE_SEPOLIA_USDC_ADDRESS,
      name: "USDC",
      version: "2",
      symbol: "USDC",
      decimals: 6,
    });
    expect(await local.publicClient.getCode({ address: BASE_SEPOLIA_USDC_ADDRESS })).toBe(
      testUsdcDeployedBytecode,
    );
    const read = { address: BASE_SEPOLIA_USDC_ADDRESS, abi: testUsdcAbi } as const;
    const [name, version, symbol, decimals, owner] = await Promise.all([
      local.publicClient.readContract({ ...read, functionName: "name" }),
      local.publicClient.readContract({ ...read, functionName: "version" }),
      local.publicClient.readContract({ ...read, functionName: "symbol" }),
      local.publicClient.readContract({ ...read, functionName: "decimals" }),
      local.publicClient.readContract({ ...read, functionName: "owner" }),
    ]);
    expect({ name, version, symbol, decimals, owner }).toEqual({
      name: "USDC",
      version: "2",
      symbol: "USDC",
      decimals: 6,
      owner: local.deployer.address,
    });
    expect(await balanceOf(local.publicClient, BASE_SEPOLIA_USDC_ADDRESS, local.payer.address)).toBe(
      1_000_000_000n,
    );
  });

  it("has the x402 spec vector's domain separator, also via EIP-5267", async () => {
    const onChain = await local.publicClient.readContract({
      address: BASE_SEPOLIA_USDC_ADDRESS,
      abi: testUsdcAbi,
      functionName: "DOMAIN_SEPARATOR",
    });
    expect(onChain).toBe(SPEC.domainSeparator);
    const { domain, fields } = await local.publicClient.getEip712Domain({
      address: BASE_SEPOLIA_USDC_ADDRESS,
    });
    // 0x0f = name, version, chainId, verifyingContract; viem returns the (unused) salt too, so drop it.
    expect(fields).toBe("0x0f");
    const { salt: _unusedSalt, ...used } = domain;
    expect(used).toEqual({
      name: "USDC",
      version: "2",
      chainId: 84532,
      verifyingContract: BASE_SEPOLIA_USDC_ADDRESS,
    });
    expect(domainSeparator({ domain: used })).toBe(SPEC.domainSeparator);
  });

  it("settles the x402 spec's own signed payment, unchanged", async () => {
    const { authorization: auth, signature } = SPEC;
    const domain = {
      name: "USDC",
      version: "2",
      chainId: 84532,
      verifyingContract: BASE_SEPOLIA_USDC_ADDRESS,
    };
    const recovered = await recoverTypedDataAddress({
      domain,
      types: transferWithAuthorizationTypes,
      primaryType: "TransferWithAuthorization",
      message: auth,
      signature,
    });
    expect(recovered).toBe(getAddress(auth.from));

    const source = { client: local.publicClient };
    await fundEth({ ...source, address: auth.from, value: 0n }); // the payer needs no gas
    await mintTestUsdc({
      ...source,
      token: BASE_SEPOLIA_USDC_ADDRESS,
      minter: local.deployer,
      to: auth.from,
      amount: auth.value,
    });
    const { v, r, s } = parseSignature(signature);
    const hash = await local.walletClients.settler.writeContract({
      address: BASE_SEPOLIA_USDC_ADDRESS,
      abi: testUsdcAbi,
      functionName: "transferWithAuthorization",
      args: [auth.from, auth.to, auth.value, auth.validAfter, auth.validBefore, auth.nonce, Number(v), r, s],
    });
    const receipt = await local.publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe("success");
    const block = await local.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    expect(block.timestamp).toBeLessThan(auth.validBefore);
    expect(await balanceOf(local.publicClient, BASE_SEPOLIA_USDC_ADDRESS, auth.to)).toBe(auth.value);
    expect(await balanceOf(local.publicClient, BASE_SEPOLIA_USDC_ADDRESS, auth.from)).toBe(0n);
  });
});
