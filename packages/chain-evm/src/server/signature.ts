import { X402_REASONS } from "@paymux/core";
import {
  type Hex,
  isAddressEqual,
  isErc6492Signature,
  parseErc6492Signature,
  recoverTypedDataAddress,
  size,
  slice,
} from "viem";
import { getCode, verifyTypedData } from "viem/actions";
import type { TransferWithAuthorizationTypedData } from "../eip3009.js";
import type { EvmReadClient } from "./clients.js";

/** A failed check: the wire reason and a message safe to log. */
export type CheckFailure = { reason: string; message: string };

/**
 * x402.md §4.5 step 4. An EOA's 65-byte signature is recovered locally (no RPC, ~2.5 ms); anything else
 * (a contract wallet, a longer ERC-1271 blob, an ERC-6492 wrapper) is checked on chain with viem's
 * universal verifier. Undeployed smart wallets are refused: settling them would need a factory deploy,
 * which this payee does not send.
 */
export async function checkSignature(
  client: EvmReadClient,
  typedData: TransferWithAuthorizationTypedData,
  signature: Hex,
): Promise<CheckFailure | undefined> {
  const from = typedData.message.from;
  if (size(signature) === 65) {
    try {
      const recovered = await recoverTypedDataAddress({ ...typedData, signature });
      if (isAddressEqual(recovered, from)) return undefined;
    } catch {
      // Malformed r/s/v: fall through, a contract wallet may still vouch for these bytes.
    }
    if (!(await hasCode(client, from))) return signatureFailure();
    return (await verifyOnChain(client, typedData, signature)) ? undefined : signatureFailure();
  }
  if (!(await hasCode(client, from))) {
    return {
      reason: X402_REASONS.evmUndeployedSmartWallet,
      message: isErc6492Signature(signature)
        ? "The smart wallet is not deployed; ERC-6492 deployment is not supported at settlement"
        : "A non-65-byte signature from an address without code",
    };
  }
  return (await verifyOnChain(client, typedData, signature)) ? undefined : signatureFailure();
}

/** The signature the token receives: an ERC-6492 wrapper is peeled off once the wallet exists. */
export function onChainSignature(signature: Hex): Hex {
  return isErc6492Signature(signature) ? parseErc6492Signature(signature).signature : signature;
}

/**
 * Splits a 65-byte signature into (v, r, s) for the `uint8 v` overload, or undefined when the bytes are not
 * an ECDSA signature (a 65-byte ERC-1271 blob must go through the `bytes` overload unchanged).
 */
export function splitSignature(signature: Hex): { v: number; r: Hex; s: Hex } | undefined {
  if (size(signature) !== 65) return undefined;
  const last = Number.parseInt(signature.slice(130, 132), 16);
  const v = last < 2 ? last + 27 : last;
  if (v !== 27 && v !== 28) return undefined;
  return { v, r: slice(signature, 0, 32), s: slice(signature, 32, 64) };
}

async function hasCode(client: EvmReadClient, address: Hex): Promise<boolean> {
  const code = await getCode(client, { address });
  return code !== undefined && code !== "0x";
}

async function verifyOnChain(
  client: EvmReadClient,
  typedData: TransferWithAuthorizationTypedData,
  signature: Hex,
): Promise<boolean> {
  try {
    return await verifyTypedData(client, { ...typedData, address: typedData.message.from, signature });
  } catch {
    return false;
  }
}

function signatureFailure(): CheckFailure {
  return {
    reason: X402_REASONS.evmSignature,
    message: "The signature does not authorize this transfer (wrong signer, domain, chain or token)",
  };
}
