import { X402_REASONS } from "@paymux/core";
import { type Address, BaseError, ContractFunctionRevertedError, type Hex } from "viem";
import { readContract, simulateContract } from "viem/actions";
import { eip3009Abi } from "../abi.js";
import type { Eip3009Domain, TransferAuthorization } from "../eip3009.js";
import type { EvmReadClient } from "./clients.js";
import type { CheckFailure } from "./signature.js";
import { splitSignature } from "./signature.js";

/** The arguments of `transferWithAuthorization`, picking the overload the signature fits. */
export function transferArgs(authorization: TransferAuthorization, signature: Hex) {
  const { from, to, value, validAfter, validBefore, nonce } = authorization;
  const vrs = splitSignature(signature);
  return vrs
    ? ([from, to, value, validAfter, validBefore, nonce, vrs.v, vrs.r, vrs.s] as const)
    : ([from, to, value, validAfter, validBefore, nonce, signature] as const);
}

/** x402.md §4.5 step 8: `eth_call` of the transfer the settler would send; a failure is then diagnosed. */
export async function simulateTransfer(
  client: EvmReadClient,
  asset: Address,
  domain: Eip3009Domain,
  authorization: TransferAuthorization,
  signature: Hex,
  account: Address | undefined,
): Promise<CheckFailure | undefined> {
  try {
    await simulateContract(client, {
      address: asset,
      abi: eip3009Abi,
      functionName: "transferWithAuthorization",
      args: transferArgs(authorization, signature),
      ...(account === undefined ? {} : { account }),
    });
    return undefined;
  } catch (error) {
    // An unreachable node is not a verdict on the payment: let the caller report it as unexpected.
    if (!isRevert(error)) throw error;
    return diagnose(client, asset, domain, authorization, error);
  }
}

/**
 * Why a transfer failed, read back from the token as the x402 reference does: a used nonce, a domain that
 * differs from the offer's, or a short balance. Reads run in parallel; when none explains the failure the
 * revert string decides, then the generic simulation reason.
 */
export async function diagnose(
  client: EvmReadClient,
  asset: Address,
  domain: Eip3009Domain,
  authorization: TransferAuthorization,
  error: unknown,
): Promise<CheckFailure> {
  const read = <T>(call: () => Promise<T>) =>
    call().then(
      (value) => ({ ok: true as const, value }),
      () => ({ ok: false as const }),
    );
  const [state, name, version, balance] = await Promise.all([
    read(() =>
      readContract(client, {
        address: asset,
        abi: eip3009Abi,
        functionName: "authorizationState",
        args: [authorization.from, authorization.nonce],
      }),
    ),
    read(() => readContract(client, { address: asset, abi: eip3009Abi, functionName: "name" })),
    read(() => readContract(client, { address: asset, abi: eip3009Abi, functionName: "version" })),
    read(() =>
      readContract(client, {
        address: asset,
        abi: eip3009Abi,
        functionName: "balanceOf",
        args: [authorization.from],
      }),
    ),
  ]);
  if (!state.ok) {
    return {
      reason: X402_REASONS.evmEip3009NotSupported,
      message: "The token has no authorizationState (not EIP-3009)",
    };
  }
  if (state.value) {
    return {
      reason: X402_REASONS.evmNonceAlreadyUsed,
      message: "This authorization was already used or canceled",
    };
  }
  if (name.ok && name.value !== domain.name) {
    return {
      reason: X402_REASONS.evmTokenNameMismatch,
      message: "The token's EIP-712 name differs from the offer's",
    };
  }
  if (version.ok && version.value !== domain.version) {
    return {
      reason: X402_REASONS.evmTokenVersionMismatch,
      message: "The token's EIP-712 version differs from the offer's",
    };
  }
  if (balance.ok && balance.value < authorization.value) {
    return {
      reason: X402_REASONS.evmInsufficientBalance,
      message: "The payer's balance is below the amount",
    };
  }
  const mapped = reasonFromRevert(error);
  return mapped ?? { reason: X402_REASONS.evmSimulationFailed, message: "The transfer would revert" };
}

// FiatToken (USDC) revert strings, which the paymux test token mirrors.
const REVERTS: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/authorization is expired/i, X402_REASONS.evmValidBefore, "The authorization has expired on chain"],
  [
    /authorization is not yet valid/i,
    X402_REASONS.evmValidAfter,
    "The authorization is not yet valid on chain",
  ],
  [
    /authorization is used or canceled/i,
    X402_REASONS.evmNonceAlreadyUsed,
    "This authorization was already used",
  ],
  [/invalid signature/i, X402_REASONS.evmSignature, "The token rejected the signature"],
  [
    /transfer amount exceeds balance/i,
    X402_REASONS.evmInsufficientBalance,
    "The payer's balance is below the amount",
  ],
];

/** Maps a FiatToken revert found anywhere in a viem error chain to its wire reason. */
export function reasonFromRevert(error: unknown): CheckFailure | undefined {
  const text = errorText(error);
  for (const [pattern, reason, message] of REVERTS) {
    if (pattern.test(text)) return { reason, message };
  }
  return undefined;
}

/** True when a viem error says the call reverted (as opposed to the node being unreachable). */
export function isRevert(error: unknown): boolean {
  if (/execution reverted/i.test(errorText(error))) return true;
  // viem also turns a bare JSON-RPC "internal error" (-32603, a node in trouble) into a reverted contract call;
  // only one carrying revert data (or saying "execution reverted") is a verdict of the token.
  if (!(error instanceof BaseError)) return false;
  const reverted = error.walk((cause) => cause instanceof ContractFunctionRevertedError);
  return (
    reverted instanceof ContractFunctionRevertedError &&
    (reverted.data !== undefined || reverted.signature !== undefined)
  );
}

function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 8; depth++) {
    if (typeof current === "object") {
      const record = current as {
        reason?: unknown;
        shortMessage?: unknown;
        details?: unknown;
        message?: unknown;
      };
      for (const value of [record.reason, record.shortMessage, record.details, record.message]) {
        if (typeof value === "string") parts.push(value);
      }
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join("\n");
}
