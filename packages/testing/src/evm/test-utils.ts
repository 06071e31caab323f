// Helpers shared by the EVM tests (not exported from the package): EIP-3009 signing and settling the way
// an x402 client and facilitator do it, so the tests exercise the token exactly as paymux will.
import {
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type HttpTransport,
  type LocalAccount,
  type PrivateKeyAccount,
  type PublicClient,
  parseSignature,
  toHex,
  type WalletClient,
} from "viem";
import { testUsdcAbi } from "./artifact.js";

/** EIP-712 types of EIP-3009's TransferWithAuthorization (field order matters for the type hash). */
export const transferWithAuthorizationTypes = {
  TransferWithAuthorization: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "validAfter", type: "uint256" },
    { name: "validBefore", type: "uint256" },
    { name: "nonce", type: "bytes32" },
  ],
} as const;

/** The token's EIP-712 domain. */
export type TokenDomain = { name: string; version: string; chainId: number; verifyingContract: Address };

/** An EIP-3009 authorization as x402 carries it (values as bigint here). */
export type Authorization = {
  from: Address;
  to: Address;
  value: bigint;
  validAfter: bigint;
  validBefore: bigint;
  nonce: Hex;
};

/** 32 random bytes, as x402 clients pick nonces. */
export function randomNonce(): Hex {
  return toHex(crypto.getRandomValues(new Uint8Array(32)));
}

/** Timestamp of the latest block: the clock the token checks validAfter/validBefore against. */
export async function chainNow(publicClient: PublicClient<HttpTransport, Chain>): Promise<bigint> {
  return (await publicClient.getBlock()).timestamp;
}

/** Builds an authorization valid from 10 minutes before `now` until 5 minutes after (x402 client defaults). */
export function authorization(
  from: Address,
  to: Address,
  value: bigint,
  now: bigint,
  overrides: Partial<Authorization> = {},
): Authorization {
  return {
    from,
    to,
    value,
    validAfter: now - 600n,
    validBefore: now + 300n,
    nonce: randomNonce(),
    ...overrides,
  };
}

/** Signs TransferWithAuthorization with viem's signTypedData. */
export function signAuthorization(
  signer: LocalAccount,
  domain: TokenDomain,
  message: Authorization,
): Promise<Hex> {
  return signer.signTypedData({
    domain,
    types: transferWithAuthorizationTypes,
    primaryType: "TransferWithAuthorization",
    message,
  });
}

/** Broadcasts transferWithAuthorization through the (v, r, s) overload and waits for success. */
export async function settleVrs(
  settler: WalletClient<HttpTransport, Chain, PrivateKeyAccount>,
  publicClient: PublicClient<HttpTransport, Chain>,
  token: Address,
  auth: Authorization,
  signature: Hex,
): Promise<Hash> {
  const { v, r, s, yParity } = parseSignature(signature);
  const hash = await settler.writeContract({
    address: token,
    abi: testUsdcAbi,
    functionName: "transferWithAuthorization",
    args: [...authArgs(auth), Number(v ?? 27n + BigInt(yParity)), r, s],
  });
  return expectSuccess(publicClient, hash);
}

/** Broadcasts transferWithAuthorization through the `bytes signature` overload and waits for success. */
export async function settleBytes(
  settler: WalletClient<HttpTransport, Chain, PrivateKeyAccount>,
  publicClient: PublicClient<HttpTransport, Chain>,
  token: Address,
  auth: Authorization,
  signature: Hex,
): Promise<Hash> {
  const hash = await settler.writeContract({
    address: token,
    abi: testUsdcAbi,
    functionName: "transferWithAuthorization",
    args: [...authArgs(auth), signature],
  });
  return expectSuccess(publicClient, hash);
}

/** Simulates the bytes overload; rejects with the token's revert reason in the error message. */
export function simulateBytes(
  publicClient: PublicClient<HttpTransport, Chain>,
  account: Address,
  token: Address,
  auth: Authorization,
  signature: Hex,
): Promise<unknown> {
  return publicClient.simulateContract({
    account,
    address: token,
    abi: testUsdcAbi,
    functionName: "transferWithAuthorization",
    args: [...authArgs(auth), signature],
  });
}

/** USDC balance of `owner`. */
export function balanceOf(
  publicClient: PublicClient<HttpTransport, Chain>,
  token: Address,
  owner: Address,
): Promise<bigint> {
  return publicClient.readContract({
    address: token,
    abi: testUsdcAbi,
    functionName: "balanceOf",
    args: [owner],
  });
}

/** Whether a pid still names a live process (EPERM means alive but not ours). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function authArgs(auth: Authorization) {
  return [auth.from, auth.to, auth.value, auth.validAfter, auth.validBefore, auth.nonce] as const;
}

async function expectSuccess(publicClient: PublicClient<HttpTransport, Chain>, hash: Hash): Promise<Hash> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
  return hash;
}
