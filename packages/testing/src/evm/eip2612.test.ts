import { parseSignature } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testUsdcAbi } from "./artifact.js";
import { type LocalEvmChain, startLocalEvmChain } from "./local-chain.js";
import { balanceOf, chainNow } from "./test-utils.js";

const permitTypes = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

let local: LocalEvmChain;
beforeAll(async () => {
  local = await startLocalEvmChain();
});
afterAll(async () => {
  await local?.stop();
});

describe("test USDC: EIP-2612 permit", () => {
  it("sets an allowance from an off-chain signature and bumps the owner's nonce", async () => {
    const read = { address: local.usdc.address, abi: testUsdcAbi } as const;
    const domain = {
      name: local.usdc.name,
      version: local.usdc.version,
      chainId: local.chainId,
      verifyingContract: local.usdc.address,
    };
    const owner = local.payer;
    const spender = local.settler;
    const nonce = await local.publicClient.readContract({
      ...read,
      functionName: "nonces",
      args: [owner.address],
    });
    const deadline = (await chainNow(local.publicClient)) + 600n;
    const message = { owner: owner.address, spender: spender.address, value: 123_456n, nonce, deadline };
    const signature = await owner.signTypedData({
      domain,
      types: permitTypes,
      primaryType: "Permit",
      message,
    });
    const { v, r, s } = parseSignature(signature);

    // The spender submits the permit: the owner needs no ETH, which is the point of EIP-2612.
    const hash = await local.walletClients.settler.writeContract({
      ...read,
      functionName: "permit",
      args: [owner.address, spender.address, 123_456n, deadline, Number(v), r, s],
    });
    expect((await local.publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
    expect(
      await local.publicClient.readContract({
        ...read,
        functionName: "allowance",
        args: [owner.address, spender.address],
      }),
    ).toBe(123_456n);
    expect(
      await local.publicClient.readContract({ ...read, functionName: "nonces", args: [owner.address] }),
    ).toBe(nonce + 1n);

    // The same signature cannot be used twice: the nonce moved on.
    await expect(
      local.publicClient.simulateContract({
        ...read,
        account: spender.address,
        functionName: "permit",
        args: [owner.address, spender.address, 123_456n, deadline, signature],
      }),
    ).rejects.toThrow("EIP2612: invalid signature");

    // And the allowance is real: the spender can pull the funds.
    const before = await balanceOf(local.publicClient, local.usdc.address, local.payee.address);
    const pull = await local.walletClients.settler.writeContract({
      ...read,
      functionName: "transferFrom",
      args: [owner.address, local.payee.address, 100_000n],
    });
    await local.publicClient.waitForTransactionReceipt({ hash: pull });
    expect(await balanceOf(local.publicClient, local.usdc.address, local.payee.address)).toBe(
      before + 100_000n,
    );
  });

  it("rejects an expired permit", async () => {
    const deadline = (await chainNow(local.publicClient)) - 1n;
    const signature = await local.payer.signTypedData({
      domain: { name: "USDC", version: "2", chainId: local.chainId, verifyingContract: local.usdc.address },
      types: permitTypes,
      primaryType: "Permit",
      message: { owner: local.payer.address, spender: local.settler.address, value: 1n, nonce: 0n, deadline },
    });
    await expect(
      local.publicClient.simulateContract({
        address: local.usdc.address,
        abi: testUsdcAbi,
        account: local.settler.address,
        functionName: "permit",
        args: [local.payer.address, local.settler.address, 1n, deadline, signature],
      }),
    ).rejects.toThrow("FiatTokenV2: permit is expired");
  });
});
