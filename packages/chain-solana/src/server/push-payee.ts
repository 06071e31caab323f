import {
  type AssetInfo,
  type CreateOfferParameters,
  isPaymuxError,
  NATIVE_SOL,
  type Offer,
  type Payment,
  type PaymentContext,
  type Receipt,
  type SchemePayee,
  type VerifyResult,
  X402_REASONS,
} from "@paymux/core";
import { getBase58Encoder, type Signature } from "@solana/kit";
import { MEMO_PROGRAM } from "../constants.js";
import { findRpc, rpcNetworks, type SolanaRpcs } from "../rpc.js";
import { checkTransferFee } from "./fees.js";
import { createSolanaOfferMaker } from "./offers.js";
import { readSignaturePayload } from "./payload.js";

/** Options of {@link pushSolanaPayee}. */
export type PushSolanaPayeeParameters = {
  /** A kit RPC for every Solana network, or one per CAIP-2 id. */
  rpc: SolanaRpcs;
  /** Mints beyond core's table (custom or local tokens). */
  assets?: readonly AssetInfo[];
  /** Clock in unix milliseconds (the payment context's clock wins when both are given). */
  now?: () => number;
  /** `maxTimeoutSeconds` of offers; also how old a transfer may be (default 300). */
  maxTimeoutSeconds?: number;
};

/** Return type of {@link pushSolanaPayee}. */
export type PushSolanaPayeeReturnType = SchemePayee;

type Failure = Extract<VerifyResult, { valid: false }>;
const invalid = (reason: string, message: string, payer?: string): Failure => ({
  valid: false,
  reason,
  message,
  ...(payer === undefined ? {} : { payer }),
});
const utf8 = new TextDecoder();

/**
 * Payee of `push` on Solana (IETF `signature`, legacy Payment-Request): the client broadcast the transfer;
 * verification reads it at `confirmed`. Verification is stateless, so the same signature verifies again: the
 * replay key `svm:sig:<signature>` claimed in the server's store is the single-use guard, the memo binds it to
 * one challenge, and the age limit stops old transfers from being presented to a fresh store.
 */
export function pushSolanaPayee(parameters: PushSolanaPayeeParameters): PushSolanaPayeeReturnType {
  const clock = (context: PaymentContext) => (context.now ?? parameters.now ?? Date.now)();
  const payers = new WeakMap<Payment, string>();
  const createOffer = createSolanaOfferMaker({
    scheme: "push",
    rpcs: parameters.rpc,
    assets: parameters.assets ?? [],
    defaultTimeoutSeconds: parameters.maxTimeoutSeconds ?? 300,
  });

  return {
    scheme: "push",
    networks: rpcNetworks(parameters.rpc),
    createOffer: (offerParameters: CreateOfferParameters) => createOffer(offerParameters),
    replayKeys(payment: Payment): readonly string[] {
      return [`svm:sig:${readSignaturePayload(payment)}`];
    },
    async verify(payment: Payment, offer: Offer, context: PaymentContext): Promise<VerifyResult> {
      if (payment.scheme !== "push" || offer.scheme !== "push") {
        return invalid(X402_REASONS.unsupportedScheme, "Not a `push` payment");
      }
      if (payment.network !== offer.network) {
        return invalid(X402_REASONS.invalidNetwork, "The payment is for another network than the offer");
      }
      const rpc = findRpc(parameters.rpc, offer.network);
      if (!rpc) return invalid(X402_REASONS.invalidNetwork, "This payee does not serve the offer's network");
      let signature: Signature;
      try {
        signature = readSignaturePayload(payment);
      } catch (error) {
        if (!isPaymuxError(error)) throw error;
        return invalid(X402_REASONS.invalidPayload, error.message);
      }
      const fee = await checkTransferFee(rpc, offer);
      if (fee) return fee;
      let found: Awaited<ReturnType<ReturnType<typeof rpc.getTransaction>["send"]>>;
      try {
        found = await rpc
          .getTransaction(signature, {
            commitment: "confirmed",
            maxSupportedTransactionVersion: 0,
            encoding: "json",
          })
          .send();
      } catch {
        return invalid(X402_REASONS.unexpectedVerifyError, "The chain could not be read");
      }
      if (!found?.meta) {
        return invalid(X402_REASONS.invalidTransactionState, "No confirmed transaction has this signature");
      }
      const { meta, transaction, blockTime } = found;
      const keys = [
        ...transaction.message.accountKeys,
        ...(meta.loadedAddresses?.writable ?? []),
        ...(meta.loadedAddresses?.readonly ?? []),
      ];
      const payer = keys[0] as string;
      if (meta.err !== null)
        return invalid(X402_REASONS.invalidTransactionState, "The transaction failed", payer);
      let credited = 0n;
      let seen = false;
      if (offer.asset === NATIVE_SOL) {
        const index = keys.indexOf(offer.payTo as never);
        seen = index >= 0;
        if (seen) credited = BigInt(meta.postBalances[index] ?? 0n) - BigInt(meta.preBalances[index] ?? 0n);
      } else {
        const pre = new Map(
          (meta.preTokenBalances ?? []).map((b) => [b.accountIndex, BigInt(b.uiTokenAmount.amount)]),
        );
        for (const balance of meta.postTokenBalances ?? []) {
          if (balance.mint !== offer.asset || balance.owner !== offer.payTo) continue;
          seen = true;
          credited += BigInt(balance.uiTokenAmount.amount) - (pre.get(balance.accountIndex) ?? 0n);
        }
      }
      if (!seen)
        return invalid(
          X402_REASONS.svmRecipientMismatch,
          "The transaction does not pay the recipient",
          payer,
        );
      if (credited < offer.amount) {
        return invalid(
          X402_REASONS.svmAmountMismatch,
          "The recipient was credited less than the offer",
          payer,
        );
      }
      const memos = transaction.message.instructions
        .filter((ix) => keys[ix.programIdIndex] === MEMO_PROGRAM)
        .map((ix) => utf8.decode(getBase58Encoder().encode(ix.data)));
      const required = new Set<string>();
      if (context.dialect === "payment-auth" && context.challenge) required.add(context.challenge.id);
      if (typeof offer.extra["memo"] === "string") required.add(offer.extra["memo"]);
      for (const memo of required) {
        if (!memos.includes(memo)) {
          return invalid(
            X402_REASONS.svmMemoMismatch,
            "The transfer's memo does not bind it to this payment",
            payer,
          );
        }
      }
      if (blockTime === null) {
        return invalid(
          X402_REASONS.invalidTransactionState,
          "The transaction's block time is unknown",
          payer,
        );
      }
      const age = Math.floor(clock(context) / 1000) - Number(blockTime);
      if (age > offer.maxTimeoutSeconds) {
        return invalid(
          X402_REASONS.invalidTransactionState,
          "The transfer is older than the offer window",
          payer,
        );
      }
      payers.set(payment, payer);
      return { valid: true, payer };
    },
    async settle(payment: Payment, offer: Offer, context: PaymentContext): Promise<Receipt> {
      // Nothing to send: the client broadcast the transfer; the receipt names it.
      const challenge = context.challenge;
      let transaction: string;
      try {
        transaction = readSignaturePayload(payment);
      } catch (error) {
        if (!isPaymuxError(error)) throw error;
        return {
          success: false,
          transaction: "",
          network: offer.network,
          errorReason: X402_REASONS.invalidPayload,
        };
      }
      const payer = payers.get(payment);
      return {
        success: true,
        transaction,
        network: offer.network,
        amount: offer.amount,
        ...(payer === undefined ? {} : { payer }),
        ...(challenge === undefined ? {} : { challengeId: challenge.id }),
        ...(challenge?.externalId === undefined ? {} : { externalId: challenge.externalId }),
      };
    },
  };
}
