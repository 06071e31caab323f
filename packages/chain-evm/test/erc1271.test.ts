// A contract wallet (ERC-1271) pays. TestWallet1271 vouches for digests its owner key signed, so the key
// signs typed data whose `from` is the wallet: the signature does not recover to `from`, and only the
// on-chain check can accept it.
import { type Offer, X402_REASONS } from "@paymux/core";
import { type LocalEvmChain, mintTestUsdc, startLocalEvmChain } from "@paymux/testing/evm";
import { type Address, getAddress, type Hex, serializeErc6492Signature } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileContract } from "../../testing/src/evm/compile.js";
import { exactEvmPayer } from "../src/client/index.js";
import { exactEvmPayee } from "../src/server/index.js";
import { balanceOf, localUsdc, payPaymentAuth, payX402, withPayload } from "./helpers.js";

let local: LocalEvmChain;
let wallet: Address;
let payee: ReturnType<typeof exactEvmPayee>;
let made: Offer;
const owner = privateKeyToAccount(generatePrivateKey());

beforeAll(async () => {
  local = await startLocalEvmChain();
  const compiled = compileContract("test/TestWallet1271.sol", "TestWallet1271");
  const hash = await local.walletClients.deployer.deployContract({
    abi: compiled.abi,
    bytecode: compiled.bytecode,
    args: [owner.address],
  });
  wallet = getAddress(
    (await local.publicClient.waitForTransactionReceipt({ hash })).contractAddress as Address,
  );
  await mintTestUsdc({
    client: local.publicClient,
    token: local.usdc.address,
    minter: local.deployer,
    to: wallet,
    amount: 1_000_000n,
  });
  payee = exactEvmPayee({
    clients: { [local.caip2]: local.publicClient },
    settler: local.settler,
    assets: [localUsdc(local)],
  });
  made = (await payee.createOffer({
    price: "$0.10",
    network: local.caip2,
    payTo: local.payee.address,
  })) as Offer;
});
afterAll(async () => {
  await local?.stop();
});

function walletPayer(signWith = owner) {
  return exactEvmPayer({
    signer: { address: wallet, signTypedData: (typedData) => signWith.signTypedData(typedData) },
    assets: [localUsdc(local)],
  });
}

describe("ERC-1271 contract wallet payer", () => {
  it("x402: pays, verifies on chain (ERC-1271) and settles", async () => {
    const before = await balanceOf(local, local.payee.address);
    const { payment, context } = await payX402(walletPayer(), made);
    expect(await payee.verify(payment, made, context)).toEqual({ valid: true, payer: wallet });
    expect(await payee.settle(payment, made, context)).toMatchObject({ success: true, payer: wallet });
    expect(await balanceOf(local, local.payee.address)).toBe(before + 100_000n);
    expect(await balanceOf(local, wallet)).toBe(900_000n);
  });

  it("IETF Payment: the wallet's did:pkh and a 1271 signature pass", async () => {
    const { payment, context } = await payPaymentAuth(walletPayer(), made, local.chainId);
    expect(await payee.verify(payment, made, context)).toEqual({ valid: true, payer: wallet });
    expect((await payee.settle(payment, made, context)).success).toBe(true);
  });

  it("an ERC-6492-wrapped signature of the deployed wallet verifies and settles unwrapped", async () => {
    const { payment, context } = await payX402(walletPayer(), made);
    const wrapped = withPayload(payment, (payload) => ({
      ...payload,
      signature: serializeErc6492Signature({
        address: "0x0000000000000000000000000000000000006492",
        data: "0x",
        signature: payload["signature"] as Hex,
      }),
    }));
    expect(await payee.verify(wrapped, made, context)).toEqual({ valid: true, payer: wallet });
    expect((await payee.settle(wrapped, made, context)).success).toBe(true);
  });

  it("refuses what the wallet does not vouch for", async () => {
    const { payment, context } = await payX402(walletPayer(privateKeyToAccount(generatePrivateKey())), made);
    expect(await payee.verify(payment, made, context)).toMatchObject({
      valid: false,
      reason: X402_REASONS.evmSignature,
    });
  });
});
