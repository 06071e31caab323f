import { type Hex, numberToHex, parseEventLogs, parseSignature, serializeSignature } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testUsdcAbi } from "./artifact.js";
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
  transferWithAuthorizationTypes,
} from "./test-utils.js";

// secp256k1 group order, to build the malleable (high-s) twin of a valid signature.
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

let local: LocalEvmChain;
let domain: TokenDomain;

beforeAll(async () => {
  const t0 = performance.now();
  local = await startLocalEvmChain();
  const total = (performance.now() - t0).toFixed(1);
  console.log(`startLocalEvmChain: ${total} ms (anvil ready after ${local.anvil.startupMs.toFixed(1)} ms)`);
  domain = {
    name: local.usdc.name,
    version: local.usdc.version,
    chainId: local.chainId,
    verifyingContract: local.usdc.address,
  };
});
afterAll(async () => {
  await local?.stop();
});

const token = () => local.usdc.address;
const signFromPayer = async (value: bigint, overrides: Parameters<typeof authorization>[4] = {}) => {
  const auth = authorization(
    local.payer.address,
    local.payee.address,
    value,
    await chainNow(local.publicClient),
    overrides,
  );
  return { auth, signature: await signAuthorization(local.payer, domain, auth) };
};

describe("test USDC: EIP-3009 transferWithAuthorization", () => {
  it("settles through the (v, r, s) overload and moves exactly the amount", async () => {
    const { auth, signature } = await signFromPayer(10_000n);
    const [payerBefore, payeeBefore, settlerBefore] = await Promise.all([
      balanceOf(local.publicClient, token(), local.payer.address),
      balanceOf(local.publicClient, token(), local.payee.address),
      balanceOf(local.publicClient, token(), local.settler.address),
    ]);
    const t0 = performance.now();
    const hash = await settleVrs(local.walletClients.settler, local.publicClient, token(), auth, signature);
    console.log(`settle (v,r,s): send + receipt ${(performance.now() - t0).toFixed(1)} ms`);

    expect(await balanceOf(local.publicClient, token(), local.payer.address)).toBe(payerBefore - 10_000n);
    expect(await balanceOf(local.publicClient, token(), local.payee.address)).toBe(payeeBefore + 10_000n);
    expect(await balanceOf(local.publicClient, token(), local.settler.address)).toBe(settlerBefore);
    const receipt = await local.publicClient.getTransactionReceipt({ hash });
    console.log(`settle gas used: ${receipt.gasUsed}`);
    const events = parseEventLogs({ abi: testUsdcAbi, logs: receipt.logs });
    expect(events.map((event) => event.eventName)).toEqual(["AuthorizationUsed", "Transfer"]);
    expect(
      await local.publicClient.readContract({
        address: token(),
        abi: testUsdcAbi,
        functionName: "authorizationState",
        args: [auth.from, auth.nonce],
      }),
    ).toBe(true);
  });

  it("settles through the bytes-signature overload and moves exactly the amount", async () => {
    const { auth, signature } = await signFromPayer(2_500n);
    const before = await balanceOf(local.publicClient, token(), local.payee.address);
    const t0 = performance.now();
    await settleBytes(local.walletClients.settler, local.publicClient, token(), auth, signature);
    console.log(`settle (bytes): send + receipt ${(performance.now() - t0).toFixed(1)} ms`);
    expect(await balanceOf(local.publicClient, token(), local.payee.address)).toBe(before + 2_500n);
  });

  it("rejects a replayed nonce with FiatToken's message, on both overloads", async () => {
    const { auth, signature } = await signFromPayer(1n);
    await settleBytes(local.walletClients.settler, local.publicClient, token(), auth, signature);
    const used = "FiatTokenV2: authorization is used or canceled";
    await expect(
      simulateBytes(local.publicClient, local.settler.address, token(), auth, signature),
    ).rejects.toThrow(used);
    await expect(
      settleVrs(local.walletClients.settler, local.publicClient, token(), auth, signature),
    ).rejects.toThrow(used);
  });

  it("rejects expired and not-yet-valid authorizations", async () => {
    const now = await chainNow(local.publicClient);
    const expired = await signFromPayer(1n, { validAfter: now - 600n, validBefore: now - 1n });
    await expect(
      simulateBytes(local.publicClient, local.settler.address, token(), expired.auth, expired.signature),
    ).rejects.toThrow("FiatTokenV2: authorization is expired");
    const early = await signFromPayer(1n, { validAfter: now + 3_600n, validBefore: now + 7_200n });
    await expect(
      simulateBytes(local.publicClient, local.settler.address, token(), early.auth, early.signature),
    ).rejects.toThrow("FiatTokenV2: authorization is not yet valid");
  });

  it("rejects signatures over the wrong domain, the wrong message or a malleable form", async () => {
    const now = await chainNow(local.publicClient);
    const auth = authorization(local.payer.address, local.payee.address, 1n, now);
    const invalid = "FiatTokenV2: invalid signature";
    const expectInvalid = (signature: Hex, message = auth) =>
      expect(
        simulateBytes(local.publicClient, local.settler.address, token(), message, signature),
      ).rejects.toThrow(invalid);

    // "USD Coin" is mainnet USDC's name: a well-formed signature that recovers to someone else here.
    await expectInvalid(await signAuthorization(local.payer, { ...domain, name: "USD Coin" }, auth));
    await expectInvalid(await signAuthorization(local.payer, { ...domain, chainId: 8453 }, auth));
    const good = await signAuthorization(local.payer, domain, auth);
    await expectInvalid(good, { ...auth, value: 2n });
    await expectInvalid(good, { ...auth, to: local.settler.address });
    // Signed by someone other than `from`.
    await expectInvalid(await signAuthorization(local.payee, domain, auth));
    // Same signature with s flipped to the upper half: ecrecover would accept it, EIP-2 forbids it.
    const { r, s, yParity } = parseSignature(good);
    const highS = numberToHex(SECP256K1_N - BigInt(s), { size: 32 });
    await expectInvalid(serializeSignature({ r, s: highS, yParity: yParity === 0 ? 1 : 0 }));
    // Truncated signature.
    await expectInvalid(good.slice(0, 130) as Hex);
    // The untouched signature still settles, so the failures above were the tampering.
    await settleBytes(local.walletClients.settler, local.publicClient, token(), auth, good);
  });

  it("reverts with the ERC-20 message when the payer cannot cover the amount", async () => {
    const balance = await balanceOf(local.publicClient, token(), local.payer.address);
    const { auth, signature } = await signFromPayer(balance + 1n);
    await expect(
      simulateBytes(local.publicClient, local.settler.address, token(), auth, signature),
    ).rejects.toThrow("ERC20: transfer amount exceeds balance");
  });
});

describe("test USDC: receiveWithAuthorization and cancelAuthorization", () => {
  it("lets only the payee submit receiveWithAuthorization", async () => {
    const now = await chainNow(local.publicClient);
    const auth = authorization(local.payer.address, local.payee.address, 7n, now);
    const signature = await local.payer.signTypedData({
      domain,
      types: { ReceiveWithAuthorization: transferWithAuthorizationTypes.TransferWithAuthorization },
      primaryType: "ReceiveWithAuthorization",
      message: auth,
    });
    const args = [
      auth.from,
      auth.to,
      auth.value,
      auth.validAfter,
      auth.validBefore,
      auth.nonce,
      signature,
    ] as const;
    const call = {
      address: token(),
      abi: testUsdcAbi,
      functionName: "receiveWithAuthorization",
      args,
    } as const;
    await expect(
      local.publicClient.simulateContract({ ...call, account: local.settler.address }),
    ).rejects.toThrow("FiatTokenV2: caller must be the payee");
    const before = await balanceOf(local.publicClient, token(), local.payee.address);
    const hash = await local.walletClients.payee.writeContract(call);
    expect((await local.publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
    expect(await balanceOf(local.publicClient, token(), local.payee.address)).toBe(before + 7n);
  });

  it("cancels an unused authorization so it can no longer settle", async () => {
    const { auth, signature } = await signFromPayer(5n);
    const cancelSignature = await local.payer.signTypedData({
      domain,
      types: {
        CancelAuthorization: [
          { name: "authorizer", type: "address" },
          { name: "nonce", type: "bytes32" },
        ],
      },
      primaryType: "CancelAuthorization",
      message: { authorizer: auth.from, nonce: auth.nonce },
    });
    const { v, r, s } = parseSignature(cancelSignature);
    // Anyone may submit the cancellation; the settler does here.
    const hash = await local.walletClients.settler.writeContract({
      address: token(),
      abi: testUsdcAbi,
      functionName: "cancelAuthorization",
      args: [auth.from, auth.nonce, Number(v), r, s],
    });
    const receipt = await local.publicClient.waitForTransactionReceipt({ hash });
    const [event] = parseEventLogs({
      abi: testUsdcAbi,
      logs: receipt.logs,
      eventName: "AuthorizationCanceled",
    });
    expect(event?.args).toEqual({ authorizer: auth.from, nonce: auth.nonce });
    await expect(
      simulateBytes(local.publicClient, local.settler.address, token(), auth, signature),
    ).rejects.toThrow("FiatTokenV2: authorization is used or canceled");
    await expect(
      local.publicClient.simulateContract({
        account: local.settler.address,
        address: token(),
        abi: testUsdcAbi,
        functionName: "cancelAuthorization",
        args: [auth.from, auth.nonce, cancelSignature],
      }),
    ).rejects.toThrow("FiatTokenV2: authorization is used or canceled");
  });
});
