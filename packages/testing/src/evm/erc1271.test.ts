import type { Address } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testAccountFromPrivateKey } from "./clients.js";
import { compileContract } from "./compile.js";
import { mintTestUsdc } from "./fixtures.js";
import { type LocalEvmChain, startLocalEvmChain } from "./local-chain.js";
import {
  authorization,
  balanceOf,
  chainNow,
  settleBytes,
  settleVrs,
  signAuthorization,
  simulateBytes,
  type TokenDomain,
} from "./test-utils.js";

let local: LocalEvmChain;
let domain: TokenDomain;
let wallet: Address;
// The key behind the contract wallet; it never holds funds itself.
const walletKey = testAccountFromPrivateKey(generatePrivateKey());

beforeAll(async () => {
  local = await startLocalEvmChain();
  domain = { name: "USDC", version: "2", chainId: local.chainId, verifyingContract: local.usdc.address };
  // Test code may compile with solc; the runtime package only ships the TestUSDC artifact.
  const walletContract = compileContract("test/TestWallet1271.sol", "TestWallet1271");
  const hash = await local.walletClients.deployer.deployContract({
    abi: walletContract.abi,
    bytecode: walletContract.bytecode,
    args: [walletKey.address],
  });
  const receipt = await local.publicClient.waitForTransactionReceipt({ hash });
  wallet = receipt.contractAddress!;
  await mintTestUsdc({
    client: local.publicClient,
    token: local.usdc.address,
    minter: local.deployer,
    to: wallet,
    amount: 1_000_000n,
  });
});
afterAll(async () => {
  await local?.stop();
});

describe("test USDC: ERC-1271 contract payers", () => {
  it("settles an authorization from a contract wallet through the bytes overload", async () => {
    const auth = authorization(wallet, local.payee.address, 250_000n, await chainNow(local.publicClient));
    // The wallet approves digests its key signed, so the key signs the same typed data with from = wallet.
    const signature = await signAuthorization(walletKey, domain, auth);
    const before = await balanceOf(local.publicClient, local.usdc.address, local.payee.address);
    await settleBytes(local.walletClients.settler, local.publicClient, local.usdc.address, auth, signature);
    expect(await balanceOf(local.publicClient, local.usdc.address, local.payee.address)).toBe(
      before + 250_000n,
    );
    expect(await balanceOf(local.publicClient, local.usdc.address, wallet)).toBe(750_000n);
  });

  it("also accepts the wallet through the (v, r, s) overload, as FiatToken v2.2 does", async () => {
    const auth = authorization(wallet, local.payee.address, 1n, await chainNow(local.publicClient));
    const signature = await signAuthorization(walletKey, domain, auth);
    await settleVrs(local.walletClients.settler, local.publicClient, local.usdc.address, auth, signature);
  });

  it("rejects what the wallet does not vouch for, and contracts without ERC-1271", async () => {
    const now = await chainNow(local.publicClient);
    const auth = authorization(wallet, local.payee.address, 1n, now);
    const wrongKey = await signAuthorization(local.payer, domain, auth);
    await expect(
      simulateBytes(local.publicClient, local.settler.address, local.usdc.address, auth, wrongKey),
    ).rejects.toThrow("FiatTokenV2: invalid signature");

    // The token itself has code but no isValidSignature: the staticcall fails and so must the transfer.
    const fromToken = authorization(local.usdc.address, local.payee.address, 1n, now);
    const signature = await signAuthorization(walletKey, domain, fromToken);
    await expect(
      simulateBytes(local.publicClient, local.settler.address, local.usdc.address, fromToken, signature),
    ).rejects.toThrow("FiatTokenV2: invalid signature");
  });
});
