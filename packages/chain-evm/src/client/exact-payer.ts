import {
  type AssetInfo,
  type CreatedPayload,
  challengeExpiry,
  evmChainId,
  findAsset,
  type Offer,
  type PaymentContext,
  PaymuxError,
  type SchemePayer,
} from "@paymux/core";
import { type Address, getAddress, type Hex, isAddress, toHex } from "viem";
import {
  challengeHash,
  DEFAULT_PAYMENT_AUTH_VALIDITY_SECONDS,
  domainFromExtra,
  type Eip3009Domain,
  type TransferAuthorization,
  transferWithAuthorizationTypedData,
  VALID_AFTER_SKEW_SECONDS,
} from "../eip3009.js";
import { type EvmSignerSource, toEvmSigner } from "./signer.js";

/** Options of {@link exactEvmPayer}. */
export type ExactEvmPayerParameters = {
  signer: EvmSignerSource;
  /** Clock in unix milliseconds (the context's clock wins when both are given). */
  now?: () => number;
  /** Tokens beyond core's table, for their EIP-712 domain when an offer's `extra` lacks it (IETF offers do). */
  assets?: readonly AssetInfo[];
};

/** Return type of {@link exactEvmPayer}. */
export type ExactEvmPayerReturnType = SchemePayer & { readonly address: Address };

/**
 * Payer of the `exact` scheme on any EIP-155 chain: signs an EIP-3009 `TransferWithAuthorization` for the
 * offer. x402 dialects get `{ signature, authorization }`; the IETF Payment dialect gets the flat
 * `authorization` credential whose nonce is the challenge hash.
 */
export function exactEvmPayer(parameters: ExactEvmPayerParameters): ExactEvmPayerReturnType {
  const signer = toEvmSigner(parameters.signer);
  return {
    scheme: "exact",
    networks: ["eip155:*"],
    address: signer.address,
    async createPayload(offer: Offer, context: PaymentContext): Promise<CreatedPayload> {
      const chainId = assertPayable(offer);
      const domain = resolveDomain(offer, chainId, parameters.assets);
      const nowSeconds = BigInt(Math.floor((context.now ?? parameters.now ?? Date.now)() / 1000));
      // Addresses are compared as bytes; normalising first keeps a non-EIP-55 payTo from throwing.
      const to = getAddress(offer.payTo.toLowerCase());
      if (context.dialect === "payment-auth") {
        const challenge = context.challenge;
        if (!challenge) {
          throw new PaymuxError(
            "CHALLENGE_MISSING",
            "An IETF Payment authorization needs the challenge it answers",
          );
        }
        const validBefore =
          challenge.expires === undefined
            ? nowSeconds + BigInt(DEFAULT_PAYMENT_AUTH_VALIDITY_SECONDS)
            : BigInt(Math.floor(challengeExpiry(challenge.expires) / 1000));
        const message: TransferAuthorization = {
          from: signer.address,
          to,
          value: offer.amount,
          validAfter: 0n,
          validBefore,
          nonce: challengeHash(challenge.id, challenge.realm),
        };
        const signature = await signer.signTypedData(transferWithAuthorizationTypedData(domain, message));
        return { payload: { ...wireAuthorization(message), signature }, payer: signer.address };
      }
      const message: TransferAuthorization = {
        from: signer.address,
        to,
        value: offer.amount,
        validAfter: nowSeconds - BigInt(VALID_AFTER_SKEW_SECONDS),
        validBefore: nowSeconds + BigInt(offer.maxTimeoutSeconds),
        nonce: randomNonce(),
      };
      const signature = await signer.signTypedData(transferWithAuthorizationTypedData(domain, message));
      return { payload: { signature, authorization: wireAuthorization(message) }, payer: signer.address };
    },
  };
}

// Refusals happen before anything is signed: a signature is a spendable object.
function assertPayable(offer: Offer): number {
  if (offer.scheme !== "exact") {
    throw new PaymuxError("SCHEME_UNSUPPORTED", "exactEvmPayer pays `exact` offers only", {
      context: { scheme: offer.scheme.slice(0, 32) },
    });
  }
  const chainId = evmChainId(offer.network);
  if (offer.amount <= 0n) {
    throw new PaymuxError("AMOUNT_INVALID", "Refusing to sign an authorization for a zero amount");
  }
  if (!isAddress(offer.asset, { strict: false }) || !isAddress(offer.payTo, { strict: false })) {
    throw new PaymuxError("SCHEMA_INVALID", "The offer's asset or payTo is not an EVM address");
  }
  return chainId;
}

function resolveDomain(offer: Offer, chainId: number, assets?: readonly AssetInfo[]): Eip3009Domain {
  const named = domainFromExtra(offer.extra) ?? findAsset(offer.network, offer.asset, assets)?.eip712;
  if (!named) {
    throw new PaymuxError(
      "ASSET_UNKNOWN",
      "No EIP-712 domain for this token: the offer has no extra.name/version",
      {
        context: { network: offer.network, asset: offer.asset.slice(0, 42) },
      },
    );
  }
  return { ...named, chainId, verifyingContract: getAddress(offer.asset.toLowerCase()) };
}

function randomNonce(): Hex {
  return toHex(crypto.getRandomValues(new Uint8Array(32)));
}

// Decimal strings on the wire: JSON has no bigint, and x402 peers parse these with BigInt().
function wireAuthorization(message: TransferAuthorization) {
  return {
    from: message.from,
    to: message.to,
    value: message.value.toString(),
    validAfter: message.validAfter.toString(),
    validBefore: message.validBefore.toString(),
    nonce: message.nonce,
  };
}
