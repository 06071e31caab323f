import {
  type AssetInfo,
  findAsset,
  isPaymuxError,
  type Offer,
  type Payment,
  type PaymentContext,
  X402_REASONS,
} from "@paymux/core";
import { type Address, getAddress, isAddress } from "viem";
import {
  challengeHash,
  domainFromExtra,
  type Eip3009Domain,
  evmDidPkh,
  transferWithAuthorizationTypedData,
  VALID_BEFORE_BUFFER_SECONDS,
} from "../eip3009.js";
import type { NetworkConnection } from "./clients.js";
import { simulateTransfer } from "./diagnose.js";
import { type ExactPayload, readExactPayload } from "./payload.js";
import { type CheckFailure, checkSignature, onChainSignature } from "./signature.js";

/** How one verification runs. */
export type ExactCheckOptions = {
  connection: NetworkConnection | undefined;
  assets: readonly AssetInfo[];
  /** Unix milliseconds. */
  now: number;
  /** Recover/verify the signature (settle skips it for a payment this payee already verified). */
  signature: boolean;
  simulate: boolean;
  /** Who the simulated call comes from (the settler). */
  account: Address | undefined;
};

/** A verification outcome that keeps what settlement needs. */
export type ExactCheck =
  | { valid: true; payer: Address; payload: ExactPayload; domain: Eip3009Domain; asset: Address }
  | (CheckFailure & { valid: false; payer?: string });

/**
 * Verifies an `exact` payment against the server's own `offer`, in the order of x402.md §4.5, plus the IETF
 * Payment binding rules of payment-auth.md §5 right after decoding (they are cheap and need no RPC).
 */
export async function checkExactPayment(
  payment: Payment,
  offer: Offer,
  context: PaymentContext,
  options: ExactCheckOptions,
): Promise<ExactCheck> {
  // 1. scheme
  if (payment.scheme !== "exact" || offer.scheme !== "exact") {
    return fail(X402_REASONS.evmScheme, "Not an `exact` payment");
  }
  // 2. the token's EIP-712 domain, from the server's offer (never from the payment)
  const named = domainFromExtra(offer.extra) ?? findAsset(offer.network, offer.asset, options.assets)?.eip712;
  if (!named) return fail(X402_REASONS.evmMissingDomain, "The offer has no EIP-712 name/version");
  // 3. network
  if (payment.network !== offer.network) {
    return fail(X402_REASONS.evmNetworkMismatch, "The payment is for another network than the offer");
  }
  const connection = options.connection;
  if (
    !connection ||
    !isAddress(offer.asset, { strict: false }) ||
    !isAddress(offer.payTo, { strict: false })
  ) {
    return fail(
      X402_REASONS.invalidPaymentRequirements,
      "This payee does not serve the offer's network or token",
    );
  }
  let payload: ExactPayload;
  try {
    payload = readExactPayload(payment);
  } catch (error) {
    if (!isPaymuxError(error)) throw error;
    return fail(X402_REASONS.invalidPayload, error.message);
  }
  const { authorization, signature } = payload;
  const payer = authorization.from;
  const binding = checkPaymentAuthBinding(payment, context, payload, connection.chainId);
  if (binding) return { ...binding, valid: false, payer };

  const asset = getAddress(offer.asset.toLowerCase());
  const domain: Eip3009Domain = { ...named, chainId: connection.chainId, verifyingContract: asset };
  // 4. signature: binds signer, token (verifyingContract), chain id and every message field
  if (options.signature) {
    const typedData = transferWithAuthorizationTypedData(domain, authorization);
    const failure = await checkSignature(connection.client, typedData, signature);
    if (failure) return { ...failure, valid: false, payer };
  }
  // 5. recipient
  if (authorization.to.toLowerCase() !== offer.payTo.toLowerCase()) {
    return { ...fail(X402_REASONS.evmRecipientMismatch, "The authorization pays someone else"), payer };
  }
  // 6. time window, with room for the settlement block
  const now = BigInt(Math.floor(options.now / 1000));
  if (authorization.validBefore < now + BigInt(VALID_BEFORE_BUFFER_SECONDS)) {
    return {
      ...fail(X402_REASONS.evmValidBefore, "The authorization expires too soon or has expired"),
      payer,
    };
  }
  if (authorization.validAfter > now) {
    return { ...fail(X402_REASONS.evmValidAfter, "The authorization is not valid yet"), payer };
  }
  // 7. amount, exactly
  if (authorization.value !== offer.amount) {
    return { ...fail(X402_REASONS.evmValue, "The authorized amount differs from the offer's"), payer };
  }
  // 8. simulation (balance, nonce and domain surface here, as on chain)
  if (options.simulate) {
    const onChain = onChainSignature(signature);
    const failure = await simulateTransfer(
      connection.client,
      asset,
      domain,
      authorization,
      onChain,
      options.account,
    );
    if (failure) return { ...failure, valid: false, payer };
  }
  return { valid: true, payer, payload, domain, asset };
}

// payment-auth.md §5: the nonce is the challenge hash (one payment per challenge) and `source`, when sent,
// names the payer.
function checkPaymentAuthBinding(
  payment: Payment,
  context: PaymentContext,
  payload: ExactPayload,
  chainId: number,
): CheckFailure | undefined {
  if (payment.dialect !== "payment-auth") return undefined;
  const challenge = context.challenge;
  if (!challenge) {
    return { reason: X402_REASONS.invalidPayload, message: "No challenge to bind the authorization to" };
  }
  if (payload.authorization.nonce !== challengeHash(challenge.id, challenge.realm)) {
    return {
      reason: X402_REASONS.invalidPayload,
      message: "The nonce is not the challenge hash of this challenge",
    };
  }
  const source = payment.source.dialect === "payment-auth" ? payment.source.credential.source : undefined;
  if (source !== undefined && source !== evmDidPkh(chainId, payload.authorization.from)) {
    return {
      reason: X402_REASONS.invalidPayload,
      message: "The credential source is not the payer's did:pkh",
    };
  }
  return undefined;
}

function fail(reason: string, message: string): CheckFailure & { valid: false } {
  return { valid: false, reason, message };
}
