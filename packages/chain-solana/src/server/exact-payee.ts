import {
  type AssetInfo,
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
import {
  type Base64EncodedWireTransaction,
  getSignatureFromTransaction,
  isSolanaError,
  SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE,
  SOLANA_ERROR__JSON_RPC__SERVER_ERROR_TRANSACTION_SIGNATURE_VERIFICATION_FAILURE,
  type TransactionPartialSigner,
} from "@solana/kit";
import {
  type ConfirmationOutcome,
  describeError,
  type WaitForConfirmationParameters,
  waitForConfirmation,
} from "../confirm.js";
import { DEFAULT_MAX_COMPUTE_UNIT_LIMIT, DEFAULT_MAX_COMPUTE_UNIT_PRICE } from "../constants.js";
import { accountExists } from "../mint.js";
import { findRpc, rpcNetworks, type SolanaRpc, type SolanaRpcs } from "../rpc.js";
import { confirmTransaction } from "./confirm-exact.js";
import { cosign, toBase64 } from "./cosign.js";
import { checkTransferFee } from "./fees.js";
import { createSolanaOfferMaker } from "./offers.js";
import { checkExactPayment, decodePaymentTransaction, type ExactCheck } from "./verify-exact.js";

/** Options of {@link exactSolanaPayee}. */
export type ExactSolanaPayeeParameters = WaitForConfirmationParameters & {
  /** A kit RPC for every Solana network, or one per CAIP-2 id (then only those networks are served). */
  rpc: SolanaRpcs;
  /**
   * The sponsoring fee payer (a KeyPairSigner or any kit partial signer). Without it offers carry no
   * `feePayer` and only IETF clients that pay their own fee can pay them.
   */
  feePayer?: TransactionPartialSigner;
  /** Mints beyond core's table (custom or local tokens). */
  assets?: readonly AssetInfo[];
  /** Highest compute-unit price accepted, in microlamports (default 5,000,000). */
  maxComputeUnitPrice?: bigint;
  /** Highest compute-unit limit accepted (default 200,000). */
  maxComputeUnitLimit?: number;
  /** `maxTimeoutSeconds` of offers (default 60, under a blockhash's ~80 s life). */
  maxTimeoutSeconds?: number;
  /** How long a settled transaction is remembered to refuse its duplicate (default 120,000 ms). */
  duplicateTtlMs?: number;
  /** Clock in unix milliseconds (for the duplicate cache). */
  now?: () => number;
  /**
   * Deadline of each RPC call (default 10,000 ms, as viem's): kit's transports have none, and a hung RPC must not
   * hold a paid request and its claim open.
   */
  rpcTimeoutMs?: number;
};

/** Return type of {@link exactSolanaPayee}. */
export type ExactSolanaPayeeReturnType = SchemePayee;

/**
 * Payee of `exact` on Solana: offers with the sponsor's `feePayer`, verification of the client's transaction
 * against the server's own offer (x402.md §5.3 with the 2.27 hardening, then co-sign and simulate), and
 * settlement (co-sign, send, poll to `confirmed`) guarded by an in-memory duplicate cache keyed by the hash of
 * the message bytes.
 */
export function exactSolanaPayee(parameters: ExactSolanaPayeeParameters): ExactSolanaPayeeReturnType {
  const feePayer = parameters.feePayer;
  const limits = {
    feePayer: feePayer?.address,
    maxComputeUnitPrice: parameters.maxComputeUnitPrice ?? DEFAULT_MAX_COMPUTE_UNIT_PRICE,
    maxComputeUnitLimit: parameters.maxComputeUnitLimit ?? DEFAULT_MAX_COMPUTE_UNIT_LIMIT,
  };
  const now = parameters.now ?? Date.now;
  const ttl = parameters.duplicateTtlMs ?? 120_000;
  const rpcTimeoutMs = parameters.rpcTimeoutMs ?? 10_000;
  const inFlight = new Map<string, number>();
  const createOffer = createSolanaOfferMaker({
    scheme: "exact",
    rpcs: parameters.rpc,
    assets: parameters.assets ?? [],
    defaultTimeoutSeconds: parameters.maxTimeoutSeconds ?? 60,
    ...(feePayer === undefined ? {} : { feePayer: feePayer.address }),
  });

  // The transaction as it will be sent: co-signed when sponsored, as the client signed it otherwise.
  const finalTransaction = async (check: Extract<ExactCheck, { valid: true }>) =>
    check.sponsored && feePayer ? cosign(check.decoded.transaction, feePayer) : check.decoded.transaction;

  return {
    scheme: "exact",
    networks: rpcNetworks(parameters.rpc),
    createOffer: (offerParameters: CreateOfferParameters) => createOffer(offerParameters),
    supportedExtra: () => (feePayer === undefined ? undefined : { feePayer: feePayer.address }),
    signers: () => (feePayer === undefined ? [] : [feePayer.address]),
    replayKeys(payment: Payment): readonly string[] {
      // The message hash, not the transaction string: the unsigned fee-payer slot may hold any bytes.
      return [`svm:exact:${decodePaymentTransaction(payment).messageHash}`];
    },
    async confirm(payment: Payment, offer: Offer, context: PaymentContext): Promise<Receipt | undefined> {
      const rpc = findRpc(parameters.rpc, offer.network);
      const check = await checkExactPayment(payment, offer, limits);
      if (!rpc || !check.valid) return undefined;
      // The signature is derived, not remembered: the fee payer's ed25519 signature is deterministic, so the
      // transaction sent before a crash has exactly this one.
      return confirmTransaction(
        rpc,
        getSignatureFromTransaction(await finalTransaction(check)),
        rpcTimeoutMs,
        {
          network: offer.network,
          payer: check.payer,
          amount: offer.amount,
          ...(context.challenge === undefined ? {} : { challengeId: context.challenge.id }),
          ...(context.challenge?.externalId === undefined
            ? {}
            : { externalId: context.challenge.externalId }),
        },
      );
    },
    async verify(payment: Payment, offer: Offer): Promise<VerifyResult> {
      const check = await checkExactPayment(payment, offer, limits);
      if (!check.valid) return check;
      const rpc = findRpc(parameters.rpc, offer.network);
      if (!rpc) return { valid: false, reason: X402_REASONS.invalidNetwork, message: "Network not served" };
      const fee = await checkTransferFee(rpc, offer);
      if (fee) return { ...fee, payer: check.payer };
      try {
        const wire = toBase64(await finalTransaction(check)) as Base64EncodedWireTransaction;
        const { value } = await rpc
          .simulateTransaction(wire, {
            encoding: "base64",
            sigVerify: true,
            replaceRecentBlockhash: false,
            commitment: "confirmed",
          })
          .send({ abortSignal: AbortSignal.timeout(rpcTimeoutMs) });
        if (value.err !== null) return await simulationFailure(rpc, offer, check, value.err, value.logs);
      } catch {
        return {
          valid: false,
          reason: X402_REASONS.unexpectedVerifyError,
          message: "The chain could not be read",
          payer: check.payer,
        };
      }
      return { valid: true, payer: check.payer };
    },
    async settle(payment: Payment, offer: Offer, context: PaymentContext): Promise<Receipt> {
      const rpc = findRpc(parameters.rpc, offer.network);
      if (!rpc) {
        throw new PaymuxError("CONFIG_INVALID", "This payee has no RPC for the offer's network", {
          context: { network: offer.network },
        });
      }
      const failure = (reason: string, message: string, extra: Partial<Receipt> = {}): Receipt => ({
        success: false,
        transaction: "",
        network: offer.network,
        errorReason: reason,
        errorMessage: message,
        ...(context.challenge === undefined ? {} : { challengeId: context.challenge.id }),
        ...extra,
      });
      // No simulation here: sendTransaction's preflight simulates (with signature checks) anyway.
      const check = await checkExactPayment(payment, offer, limits);
      if (!check.valid)
        return failure(check.reason, check.message, check.payer ? { payer: check.payer } : {});
      const at = now();
      for (const [key, expires] of inFlight) if (expires <= at) inFlight.delete(key);
      const key = check.decoded.messageHash;
      if (inFlight.has(key)) {
        return failure(X402_REASONS.duplicateSettlement, "This transaction is already being settled", {
          payer: check.payer,
        });
      }
      // Claimed before the first await on the network, so a concurrent duplicate sees it.
      inFlight.set(key, at + ttl);
      const transaction = await finalTransaction(check);
      const signature = getSignatureFromTransaction(transaction);
      try {
        await rpc
          .sendTransaction(toBase64(transaction) as Base64EncodedWireTransaction, {
            encoding: "base64",
            preflightCommitment: "confirmed",
          })
          .send({ abortSignal: AbortSignal.timeout(rpcTimeoutMs) });
      } catch (error) {
        inFlight.delete(key);
        if (!answeredByRpc(error)) {
          // No answer (network down, HTTP error, timeout): it may have been broadcast all the same, so the
          // outcome is unknown, not a failure; confirm() finds it by its signature later.
          return failure(X402_REASONS.unexpectedSettleError, "Sent, but the RPC did not answer", {
            transaction: signature,
            payer: check.payer,
          });
        }
        // Refused at preflight: nothing was broadcast, so the same payment may be retried.
        return failure(X402_REASONS.svmTransactionFailed, errorMessage(error), { payer: check.payer });
      }
      let outcome: ConfirmationOutcome;
      try {
        outcome = await waitForConfirmation(rpc, signature, parameters);
      } catch {
        // Sent, then the RPC stopped answering: the outcome is unknown, not a failure (confirm() reads it later).
        outcome = { status: "timeout" };
      }
      if (outcome.status === "timeout") inFlight.delete(key);
      if (outcome.status === "failed") {
        return failure(
          X402_REASONS.svmTransactionFailed,
          `The transaction failed: ${describeError(outcome.err)}`,
          {
            transaction: signature,
            payer: check.payer,
          },
        );
      }
      if (outcome.status === "timeout") {
        return failure(
          X402_REASONS.unexpectedSettleError,
          "Sent but not confirmed in time; check the signature",
          {
            transaction: signature,
            payer: check.payer,
          },
        );
      }
      return {
        success: true,
        transaction: signature,
        network: offer.network,
        payer: check.payer,
        amount: offer.amount,
        ...(context.challenge === undefined ? {} : { challengeId: context.challenge.id }),
        ...(context.challenge?.externalId === undefined ? {} : { externalId: context.challenge.externalId }),
      };
    },
  };
}

async function simulationFailure(
  rpc: SolanaRpc,
  offer: Offer,
  check: Extract<ExactCheck, { valid: true }>,
  err: unknown,
  logs: readonly string[] | null,
): Promise<VerifyResult> {
  // A missing recipient token account is the commonest misconfiguration: name it instead of a raw chain error.
  if (offer.asset !== "sol" && !(await accountExists(rpc, check.destination))) {
    return {
      valid: false,
      reason: X402_REASONS.invalidPaymentRequirements,
      message: "The recipient's token account does not exist: create it before accepting payments",
      payer: check.payer,
    };
  }
  const tail = logs && logs.length > 0 ? ` (${logs.slice(-2).join(" | ")})` : "";
  return {
    valid: false,
    reason: X402_REASONS.svmSimulationFailed,
    message: `Simulation failed: ${describeError(err)}${tail}`.slice(0, 500),
    payer: check.payer,
  };
}

function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

// Only these answers say the node refused the transaction itself (preflight simulation, signatures); any other
// error (-32603 internal error, HTTP 5xx, a reset) leaves open whether it was broadcast.
const REFUSALS = new Set([
  SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE,
  SOLANA_ERROR__JSON_RPC__SERVER_ERROR_TRANSACTION_SIGNATURE_VERIFICATION_FAILURE,
]);
function answeredByRpc(error: unknown): boolean {
  return isSolanaError(error) && REFUSALS.has(error.context.__code as number);
}
