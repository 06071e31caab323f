import {
  type AssetInfo,
  type CreateOfferParameters,
  isPaymuxError,
  type Offer,
  type Payment,
  type PaymentContext,
  type Receipt,
  type SchemePayee,
  type VerifyResult,
  X402_REASONS,
} from "@paymux/core";
import {
  getAddress,
  type Hex,
  isAddress,
  isAddressEqual,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
} from "viem";
import { getBlock, getTransactionReceipt } from "viem/actions";
import { type EvmConnectionParameters, resolveConnections } from "./clients.js";
import { createEvmOffer } from "./offers.js";
import { readPushHash } from "./payload.js";
import { findTransfers } from "./transfers.js";

/** Options of {@link pushEvmPayee}. */
export type PushEvmPayeeParameters = EvmConnectionParameters & {
  /** Tokens beyond core's table (custom or local ERC-20s). */
  assets?: readonly AssetInfo[];
  /** Clock in unix milliseconds (the payment context's clock wins when both are given). */
  now?: () => number;
  /** `maxTimeoutSeconds` of offers whose price does not set one; also how old a transfer may be (default 300). */
  maxTimeoutSeconds?: number;
};

/** Return type of {@link pushEvmPayee}. */
export type PushEvmPayeeReturnType = SchemePayee;

/**
 * Payee of `push` (IETF Payment `evm` credential type `hash`): the client already broadcast an ERC-20
 * transfer; verification reads its receipt. Any qualifying transfer would pass, so the replay key (the tx
 * hash) held in a persistent store is the whole replay defence, and transfers mined before the offer window
 * are refused so an old payment cannot be presented again under a fresh key store.
 */
export function pushEvmPayee(parameters: PushEvmPayeeParameters): PushEvmPayeeReturnType {
  const connections = resolveConnections(parameters);
  const networks = [...connections.keys()];
  const clock = (context: PaymentContext) => (context.now ?? parameters.now ?? Date.now)();
  // Who sent each verified transfer, so the settle receipt can name the payer without another RPC.
  const payers = new WeakMap<Payment, string>();

  return {
    scheme: "push",
    networks,
    createOffer(offerParameters: CreateOfferParameters): Offer | undefined {
      return createEvmOffer(offerParameters, {
        scheme: "push",
        networks: new Set(networks),
        assets: parameters.assets ?? [],
        defaultTimeoutSeconds: parameters.maxTimeoutSeconds ?? 300,
        requireDomain: false,
      });
    },
    replayKeys(payment: Payment, offer: Offer): readonly string[] {
      const chainId = connections.get(offer.network)?.chainId ?? offer.network.split(":")[1];
      return [`evm:hash:${chainId}:${readPushHash(payment)}`];
    },
    async verify(payment: Payment, offer: Offer, context: PaymentContext): Promise<VerifyResult> {
      if (payment.scheme !== "push" || offer.scheme !== "push") {
        return invalid(X402_REASONS.invalidScheme, "Not a `push` payment");
      }
      if (payment.network !== offer.network) {
        return invalid(X402_REASONS.invalidNetwork, "The payment is for another network than the offer");
      }
      const connection = connections.get(offer.network);
      if (
        !connection ||
        !isAddress(offer.asset, { strict: false }) ||
        !isAddress(offer.payTo, { strict: false })
      ) {
        return invalid(
          X402_REASONS.invalidPaymentRequirements,
          "This payee does not serve the offer's network or token",
        );
      }
      let hash: Hex;
      try {
        hash = readPushHash(payment);
      } catch (error) {
        if (!isPaymuxError(error)) throw error;
        return invalid(X402_REASONS.invalidPayload, error.message);
      }
      let receipt: TransactionReceipt;
      try {
        receipt = await getTransactionReceipt(connection.client, { hash });
      } catch (error) {
        return error instanceof TransactionReceiptNotFoundError
          ? invalid(
              X402_REASONS.invalidTransactionState,
              "No receipt for this transaction (unknown or pending)",
            )
          : invalid(X402_REASONS.unexpectedVerifyError, "The chain could not be read");
      }
      if (receipt.status !== "success") {
        return invalid(X402_REASONS.invalidTransactionState, "The transaction reverted");
      }
      const asset = getAddress(offer.asset.toLowerCase());
      const transfers = findTransfers(receipt, asset);
      if (transfers.length === 0) {
        return invalid(
          X402_REASONS.evmTransferEventMismatch,
          "The transaction moved none of the offer's token",
        );
      }
      const toPayee = transfers.filter((log) =>
        isAddressEqual(log.args.to, getAddress(offer.payTo.toLowerCase())),
      );
      if (toPayee.length === 0) {
        return invalid(X402_REASONS.evmRecipientMismatch, "The transfer pays someone else");
      }
      const exact = toPayee.find((log) => log.args.value === offer.amount);
      if (!exact) return invalid(X402_REASONS.evmValue, "The transferred amount differs from the offer's");
      const payer = getAddress(exact.args.from);
      let timestamp: bigint;
      try {
        timestamp = (await getBlock(connection.client, { blockNumber: receipt.blockNumber })).timestamp;
      } catch {
        return invalid(X402_REASONS.unexpectedVerifyError, "The transfer's block could not be read");
      }
      const oldest = BigInt(Math.floor(clock(context) / 1000) - offer.maxTimeoutSeconds);
      if (timestamp < oldest) {
        return {
          ...invalid(X402_REASONS.evmValidBefore, "The transfer is older than the offer window"),
          payer,
        };
      }
      payers.set(payment, payer);
      return { valid: true, payer };
    },
    async settle(payment: Payment, offer: Offer, context: PaymentContext): Promise<Receipt> {
      // Nothing to send: the client broadcast the transfer; the receipt names it.
      const challenge = context.challenge;
      let transaction = "";
      try {
        transaction = readPushHash(payment);
      } catch (error) {
        if (!isPaymuxError(error)) throw error;
        return {
          success: false,
          transaction,
          network: offer.network,
          errorReason: X402_REASONS.invalidPayload,
        };
      }
      return {
        success: true,
        transaction,
        network: offer.network,
        amount: offer.amount,
        ...(payers.has(payment) ? { payer: payers.get(payment) as string } : {}),
        ...(challenge === undefined ? {} : { challengeId: challenge.id }),
        ...(challenge?.externalId === undefined ? {} : { externalId: challenge.externalId }),
      };
    },
  };
}

function invalid(reason: string, message: string): Extract<VerifyResult, { valid: false }> {
  return { valid: false, reason, message };
}
