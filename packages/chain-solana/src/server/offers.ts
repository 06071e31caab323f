import {
  type AssetInfo,
  type CreateOfferParameters,
  MAX_UINT64,
  NATIVE_SOL,
  type Offer,
  PaymuxError,
  resolvePrice,
} from "@paymux/core";
import type { Address } from "@solana/kit";
import { associatedTokenAddress } from "../ata.js";
import { accountExists, type MintInfo, readMint } from "../mint.js";
import { findRpc, type SolanaRpcs } from "../rpc.js";
import { transferFeeMessage } from "./fees.js";

/** How a payee makes Solana offers. */
export type SolanaOfferOptions = {
  scheme: "exact" | "push";
  rpcs: SolanaRpcs;
  assets: readonly AssetInfo[];
  defaultTimeoutSeconds: number;
  /** `exact` only: the sponsoring fee payer, copied into `extra.feePayer`. */
  feePayer?: Address;
};

/** Creates the offer maker of a payee, with caches so that a 402 costs no RPC after the first one. */
export function createSolanaOfferMaker(options: SolanaOfferOptions) {
  const mints = new Map<string, Promise<MintInfo>>();
  // Only positive answers are cached: a recipient may create its token account at any time.
  const atas = new Set<string>();

  return async function createSolanaOffer(parameters: CreateOfferParameters): Promise<Offer | undefined> {
    if (!parameters.network.startsWith("solana:")) return undefined;
    const rpc = findRpc(options.rpcs, parameters.network);
    if (!rpc) return undefined;
    const assets = [...(parameters.assets ?? []), ...options.assets];
    const resolved = resolvePrice(parameters.price, parameters.network, { assets, defaultSymbol: "SOL" });
    if (!resolved) return undefined;
    // SPL and lamport amounts are u64: a larger price cannot be paid, and a client that encodes it modulo
    // 2^64 would transfer a wrapped (tiny) amount. A 402 must never offer it.
    if (resolved.amount <= 0n || resolved.amount > MAX_UINT64) {
      throw new PaymuxError("AMOUNT_OUT_OF_RANGE", "The price is not a positive u64 amount", {
        context: { network: parameters.network, digits: resolved.amount.toString().length },
      });
    }
    const base = {
      scheme: options.scheme,
      network: parameters.network,
      asset: resolved.asset,
      amount: resolved.amount,
      payTo: parameters.payTo,
      maxTimeoutSeconds: parameters.maxTimeoutSeconds ?? options.defaultTimeoutSeconds,
    };
    const feePayer = options.feePayer === undefined ? {} : { feePayer: options.feePayer };
    if (resolved.asset === NATIVE_SOL) {
      // x402 `exact` on SVM is SPL-only; a sponsored SOL transfer is not a layout any verifier accepts.
      if (options.scheme === "exact" && options.feePayer !== undefined) return undefined;
      return { ...base, extra: { ...resolved.extra, ...parameters.extra } };
    }
    const key = `${parameters.network}|${resolved.asset}`;
    let mint = mints.get(key);
    if (!mint) {
      mint = readMint(rpc, resolved.asset);
      mints.set(key, mint);
      mint.catch(() => mints.delete(key));
    }
    const { tokenProgram, decimals, transferFee } = await mint;
    if (transferFee) {
      throw new PaymuxError("CONFIG_INVALID", transferFeeMessage(transferFee), {
        context: { network: parameters.network, mint: resolved.asset },
      });
    }
    const ata = await associatedTokenAddress(parameters.payTo, resolved.asset, tokenProgram);
    const ataKey = `${parameters.network}|${ata}`;
    if (!atas.has(ataKey)) {
      if (!(await accountExists(rpc, ata))) {
        // x402 and IETF forbid creating the recipient's account in the payment, so the offer could never be paid.
        throw new PaymuxError(
          "CONFIG_INVALID",
          "The recipient has no token account for this mint: create its associated token account first",
          { context: { payTo: parameters.payTo, mint: resolved.asset, tokenAccount: ata } },
        );
      }
      atas.add(ataKey);
    }
    return {
      ...base,
      extra: { ...feePayer, decimals, tokenProgram, ...resolved.extra, ...parameters.extra },
    };
  };
}
