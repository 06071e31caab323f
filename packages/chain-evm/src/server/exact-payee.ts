import {
  type AssetInfo,
  type Caip2,
  type CreateOfferParameters,
  type Offer,
  type Payment,
  type PaymentContext,
  PaymuxError,
  type Receipt,
  type SchemePayee,
  type VerifyResult,
  X402_REASONS,
} from "@paymux/core";
import { BaseError } from "viem";
import {
  createSendQueue,
  type EvmConnectionParameters,
  type EvmSettler,
  type NetworkSettler,
  resolveConnections,
  resolveSettler,
} from "./clients.js";
import { confirmExact } from "./confirm-exact.js";
import { createEvmOffer } from "./offers.js";
import { readExactPayload } from "./payload.js";
import { settleExact } from "./settle-exact.js";
import { checkExactPayment, type ExactCheck } from "./verify-exact.js";

/** Options of {@link exactEvmPayee}. */
export type ExactEvmPayeeParameters = EvmConnectionParameters & {
  /** The key that sends `transferWithAuthorization` and pays its gas. Without it the payee only verifies. */
  settler?: EvmSettler;
  /** Tokens beyond core's table (custom or local tokens), with `eip712: { name, version }`. */
  assets?: readonly AssetInfo[];
  /** Clock in unix milliseconds (the payment context's clock wins when both are given). */
  now?: () => number;
  /** Simulate the transfer with `eth_call` at verify time (default true, as the x402 reference does). */
  simulate?: boolean;
  /** `maxTimeoutSeconds` of offers whose price does not set one (default 60). */
  maxTimeoutSeconds?: number;
  /** How long settle waits for a receipt before reporting `unexpected_settle_error` (default 60,000 ms). */
  receiptTimeoutMs?: number;
};

/** Return type of {@link exactEvmPayee}. */
export type ExactEvmPayeeReturnType = SchemePayee;

/**
 * Payee of `exact` (EIP-3009) on EVM networks: makes offers carrying the token's EIP-712 domain, verifies
 * authorizations against the server's own offer (x402.md §4.5, IETF rules of payment-auth.md §5), and settles
 * them from the settler key.
 */
export function exactEvmPayee(parameters: ExactEvmPayeeParameters): ExactEvmPayeeReturnType {
  const connections = resolveConnections(parameters);
  const networks = [...connections.keys()];
  const assets = parameters.assets ?? [];
  const settlers = new Map<string, NetworkSettler>();
  for (const [network, connection] of connections) {
    if (parameters.settler) settlers.set(network, resolveSettler(parameters.settler, connection));
  }
  const queue = createSendQueue();
  // Payments this payee verified, with a fingerprint of payload and domain: settle then skips the second
  // signature recovery (the costly part, and the token checks it anyway) but re-checks everything else.
  const verified = new WeakMap<Payment, string>();
  const clock = (context: PaymentContext) => (context.now ?? parameters.now ?? Date.now)();

  const check = (
    payment: Payment,
    offer: Offer,
    context: PaymentContext,
    simulate: boolean,
    signature: boolean,
  ) =>
    checkExactPayment(payment, offer, context, {
      connection: connections.get(offer.network),
      assets,
      now: clock(context),
      signature,
      simulate,
      account: settlers.get(offer.network)?.address,
    });

  return {
    scheme: "exact",
    networks,
    createOffer(offerParameters: CreateOfferParameters): Offer | undefined {
      return createEvmOffer(offerParameters, {
        scheme: "exact",
        networks: new Set(networks),
        assets,
        defaultTimeoutSeconds: parameters.maxTimeoutSeconds ?? 60,
        requireDomain: true,
      });
    },
    replayKeys(payment: Payment, offer: Offer): readonly string[] {
      const { authorization } = readExactPayload(payment);
      const chainId = connections.get(offer.network)?.chainId ?? offer.network.split(":")[1];
      // The token consumes (from, nonce) per contract and chain: the key is exactly that tuple.
      return [
        `evm:exact:${chainId}:${offer.asset.toLowerCase()}:${authorization.from.toLowerCase()}:${authorization.nonce}`,
      ];
    },
    async verify(payment: Payment, offer: Offer, context: PaymentContext): Promise<VerifyResult> {
      let result: ExactCheck;
      try {
        result = await check(payment, offer, context, parameters.simulate ?? true, true);
      } catch (error) {
        if (!(error instanceof BaseError)) throw error;
        return {
          valid: false,
          reason: X402_REASONS.unexpectedVerifyError,
          message: "The chain could not be read",
        };
      }
      if (!result.valid) return toVerifyResult(result);
      const print = fingerprint(payment, offer);
      if (print !== undefined) verified.set(payment, print);
      return { valid: true, payer: result.payer };
    },
    async settle(payment: Payment, offer: Offer, context: PaymentContext): Promise<Receipt> {
      const settler = settlers.get(offer.network);
      const connection = connections.get(offer.network);
      if (!settler || !connection) {
        throw new PaymuxError("CONFIG_INVALID", "This payee has no settler for the offer's network", {
          context: { network: offer.network },
        });
      }
      const print = fingerprint(payment, offer);
      const skipSignature = print !== undefined && verified.get(payment) === print;
      let result: ExactCheck;
      try {
        result = await check(payment, offer, context, false, !skipSignature);
      } catch (error) {
        if (!(error instanceof BaseError)) throw error;
        return {
          success: false,
          transaction: "",
          network: offer.network,
          errorReason: X402_REASONS.unexpectedSettleError,
          errorMessage: "The chain could not be read",
        };
      }
      if (!result.valid) {
        return {
          success: false,
          transaction: "",
          network: offer.network,
          errorReason: result.reason,
          errorMessage: result.message,
          ...(result.payer === undefined ? {} : { payer: result.payer }),
          ...(context.challenge === undefined ? {} : { challengeId: context.challenge.id }),
        };
      }
      return settleExact({
        offer,
        context,
        connection,
        settler,
        payload: result.payload,
        domain: result.domain,
        asset: result.asset,
        queue,
        receiptTimeoutMs: parameters.receiptTimeoutMs ?? 60_000,
      });
    },
    async confirm(payment: Payment, offer: Offer, context: PaymentContext, transaction: string) {
      const connection = connections.get(offer.network);
      if (!connection) return undefined;
      return confirmExact(payment, offer, context, connection, transaction);
    },
    signers(network: Caip2): readonly string[] {
      const settler = settlers.get(network);
      return settler ? [settler.address] : [];
    },
  };
}

function toVerifyResult(result: Extract<ExactCheck, { valid: false }>): VerifyResult {
  return {
    valid: false,
    reason: result.reason,
    message: result.message,
    ...(result.payer === undefined ? {} : { payer: result.payer }),
  };
}

// The signature binds the payload to the offer's token, chain and domain: both must be unchanged to reuse it.
function fingerprint(payment: Payment, offer: Offer): string | undefined {
  try {
    const domain = [offer.network, offer.asset, offer.extra["name"], offer.extra["version"]];
    return JSON.stringify([payment.payload, domain]);
  } catch {
    return undefined;
  }
}

/** Reasons {@link exactEvmPayee} reports, for switch statements and docs (all from core's `X402_REASONS`). */
export const EXACT_EVM_REASONS = [
  X402_REASONS.evmScheme,
  X402_REASONS.evmMissingDomain,
  X402_REASONS.evmNetworkMismatch,
  X402_REASONS.invalidPaymentRequirements,
  X402_REASONS.invalidPayload,
  X402_REASONS.evmSignature,
  X402_REASONS.evmUndeployedSmartWallet,
  X402_REASONS.evmRecipientMismatch,
  X402_REASONS.evmValidBefore,
  X402_REASONS.evmValidAfter,
  X402_REASONS.evmValue,
  X402_REASONS.evmEip3009NotSupported,
  X402_REASONS.evmNonceAlreadyUsed,
  X402_REASONS.evmTokenNameMismatch,
  X402_REASONS.evmTokenVersionMismatch,
  X402_REASONS.evmInsufficientBalance,
  X402_REASONS.evmSimulationFailed,
  X402_REASONS.evmTransactionFailed,
  X402_REASONS.evmTransferEventMismatch,
  X402_REASONS.unexpectedSettleError,
] as const;
