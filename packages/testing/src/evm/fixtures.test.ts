import { type Address, createPublicClient, http, parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AnvilInstance, startAnvil } from "./anvil.js";
import { testUsdcAbi } from "./artifact.js";
import { testAccountFromPrivateKey } from "./clients.js";
import { createFundedWallets, deployTestUsdc, fundEth, installTestUsdcAt, mintTestUsdc } from "./fixtures.js";

let anvil: AnvilInstance;
beforeAll(async () => {
  anvil = await startAnvil();
});
afterAll(async () => {
  await anvil?.stop();
});

const deployer = () => testAccountFromPrivateKey(anvil.privateKeys[0]!);
const outsider = () => testAccountFromPrivateKey(anvil.privateKeys[5]!);
const publicClient = () => createPublicClient({ transport: http(anvil.rpcUrl) });
const read = (token: Address) => ({ address: token, abi: testUsdcAbi }) as const;

describe("fixtures against a bare anvil (rpcUrl form)", () => {
  it("deploys with custom metadata, mints, and reports balances and supply", async () => {
    const token = await deployTestUsdc({
      rpcUrl: anvil.rpcUrl,
      deployer: deployer(),
      name: "USD Coin",
      version: "2",
      symbol: "USDC",
    });
    const client = publicClient();
    const meta = await Promise.all(
      (["name", "version", "symbol", "decimals", "owner"] as const).map((functionName) =>
        client.readContract({ ...read(token), functionName }),
      ),
    );
    expect(meta).toEqual(["USD Coin", "2", "USDC", 6, deployer().address]);

    const holder = outsider().address;
    await mintTestUsdc({ rpcUrl: anvil.rpcUrl, token, minter: deployer(), to: holder, amount: 5_000_000n });
    await mintTestUsdc({ rpcUrl: anvil.rpcUrl, token, minter: deployer(), to: holder, amount: 1n });
    expect(await client.readContract({ ...read(token), functionName: "balanceOf", args: [holder] })).toBe(
      5_000_001n,
    );
    expect(await client.readContract({ ...read(token), functionName: "totalSupply" })).toBe(5_000_001n);

    await expect(
      mintTestUsdc({ rpcUrl: anvil.rpcUrl, token, minter: outsider(), to: holder, amount: 1n }),
    ).rejects.toThrow("FiatToken: caller is not a minter");
    await expect(
      client.simulateContract({
        ...read(token),
        account: outsider().address,
        functionName: "initialize",
        args: ["x", "1", "X", outsider().address],
      }),
    ).rejects.toThrow("TestUSDC: already initialized");
  });

  it("installs the token at a chosen address, once", async () => {
    const address: Address = "0x00000000000000000000000000000000000c0de0";
    await installTestUsdcAt({
      rpcUrl: anvil.rpcUrl,
      address,
      owner: deployer(),
      name: "Local USD",
      version: "7",
    });
    const client = publicClient();
    expect(await client.readContract({ ...read(address), functionName: "name" })).toBe("Local USD");
    expect(await client.readContract({ ...read(address), functionName: "version" })).toBe("7");
    expect(await client.readContract({ ...read(address), functionName: "symbol" })).toBe("USDC");
    await expect(installTestUsdcAt({ rpcUrl: anvil.rpcUrl, address, owner: deployer() })).rejects.toThrow(
      /already holds code/,
    );
  });

  it("sets ETH balances and creates funded wallets with their keys", async () => {
    const client = publicClient();
    const target = outsider().address;
    await fundEth({ rpcUrl: anvil.rpcUrl, address: target, value: 42n });
    expect(await client.getBalance({ address: target })).toBe(42n);

    const token = await deployTestUsdc({ rpcUrl: anvil.rpcUrl, deployer: deployer() });
    const wallets = await createFundedWallets({
      rpcUrl: anvil.rpcUrl,
      count: 3,
      eth: parseEther("0.5"),
      usdc: { token, minter: deployer(), amount: 2_000_000n },
    });
    expect(new Set(wallets.map((wallet) => wallet.address)).size).toBe(3);
    for (const wallet of wallets) {
      expect(testAccountFromPrivateKey(wallet.privateKey).address).toBe(wallet.address);
      expect(await client.getBalance({ address: wallet.address })).toBe(parseEther("0.5"));
      expect(
        await client.readContract({ ...read(token), functionName: "balanceOf", args: [wallet.address] }),
      ).toBe(2_000_000n);
    }
  });
});
