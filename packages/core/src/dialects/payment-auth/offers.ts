import { PaymuxError } from "../../errors/index.js";
import type { Offer, Payment, Receipt, ReceivedOffer } from "../../model.js";
import { parseAtomic } from "../../money/index.js";
import {
  type Caip2,
  caip2ToSolanaCluster,
  evmChainId,
  findAsset,
  formatCaip2,
  NATIVE_SOL,
  parseCaip2,
  solanaClusterToCaip2,
} from "../../networks/index.js";
import {
  type ChargeRequest,
  EvmMethodDetailsSchema,
  type PaymentChallengeParams,
  type PaymentCredential,
  type PaymentReceipt,
  parseSchema,
  SolanaMethodDetailsSchema,
} from "../../schemas/index.js";
import { challengeExpiry, decodeChargeRequest } from "./challenge.js";

/** Offers that share one IETF Payment challenge (same method, network, asset, amount and recipient). */
export type PaymentAuthGroup = { method: "evm" | "solana"; request: ChargeRequest; offers: Offer[] };

// paymux scheme ↔ IETF credential type, per method.
const EVM_TYPES: Record<string, string> = { exact: "authorization", push: "hash" };
const SOLANA_TYPES: Record<string, string> = { exact: "transaction", push: "signature" };

/** Groups server offers into IETF Payment `charge` requests; offers the scheme cannot express are left out. */
export function groupOffersForPaymentAuth(offers: readonly Offer[]): PaymentAuthGroup[] {
  const groups = new Map<string, PaymentAuthGroup>();
  for (const offer of offers) {
    const namespace = parseCaip2(offer.network).namespace;
    // hasOwn, not a lookup: a scheme named "constructor" must not find Object's.
    if (namespace === "eip155" && Object.hasOwn(EVM_TYPES, offer.scheme)) addEvm(groups, offer);
    else if (namespace === "solana" && Object.hasOwn(SOLANA_TYPES, offer.scheme)) addSolana(groups, offer);
  }
  return [...groups.values()];
}

function addEvm(groups: Map<string, PaymentAuthGroup>, offer: Offer): void {
  const key = ["evm", offer.network, offer.asset.toLowerCase(), offer.amount, offer.payTo.toLowerCase()].join(
    "|",
  );
  const type = EVM_TYPES[offer.scheme] as string;
  const existing = groups.get(key);
  if (existing) {
    const details = existing.request.methodDetails as { credentialTypes: string[] };
    if (!details.credentialTypes.includes(type)) details.credentialTypes.push(type);
    existing.offers.push(offer);
    return;
  }
  const decimals = numberExtra(offer, "decimals") ?? findAsset(offer.network, offer.asset)?.decimals;
  groups.set(key, {
    method: "evm",
    offers: [offer],
    request: {
      amount: offer.amount.toString(),
      currency: offer.asset,
      methodDetails: {
        chainId: evmChainId(offer.network),
        credentialTypes: [type],
        ...(decimals === undefined ? {} : { decimals }),
      },
      recipient: offer.payTo,
    },
  });
}

function addSolana(groups: Map<string, PaymentAuthGroup>, offer: Offer): void {
  const cluster = caip2ToSolanaCluster(offer.network);
  if (!cluster) return;
  const feePayerKey = offer.scheme === "exact" ? stringExtra(offer, "feePayer") : undefined;
  const memo = stringExtra(offer, "memo");
  const key = [
    "solana",
    offer.network,
    offer.asset,
    offer.amount,
    offer.payTo,
    feePayerKey ?? "",
    memo ?? "",
  ].join("|");
  const existing = groups.get(key);
  if (existing) {
    existing.offers.push(offer);
    return;
  }
  const native = offer.asset === NATIVE_SOL;
  const known = findAsset(offer.network, offer.asset);
  const decimals = native ? undefined : (numberExtra(offer, "decimals") ?? known?.decimals);
  const tokenProgram = native ? undefined : (stringExtra(offer, "tokenProgram") ?? known?.tokenProgram);
  const blockhash = stringExtra(offer, "recentBlockhash");
  groups.set(key, {
    method: "solana",
    offers: [offer],
    request: {
      amount: offer.amount.toString(),
      currency: offer.asset,
      ...(memo === undefined ? {} : { externalId: memo }),
      methodDetails: {
        network: cluster,
        ...(decimals === undefined ? {} : { decimals }),
        ...(tokenProgram === undefined ? {} : { tokenProgram }),
        ...(feePayerKey === undefined ? {} : { feePayer: true, feePayerKey }),
        ...(blockhash === undefined ? {} : { recentBlockhash: blockhash }),
      },
      recipient: offer.payTo,
    },
  });
}

/** Parameters of {@link readPaymentAuthOffers}. */
export type ReadPaymentAuthOffersParameters = { now?: number };

/**
 * One challenge → the offers a client may pay, one per credential type paymux can produce. Challenges of
 * other methods or intents give none; an expired challenge gives none (a client MUST NOT pay it).
 */
export function readPaymentAuthOffers(
  challenge: PaymentChallengeParams,
  parameters: ReadPaymentAuthOffersParameters = {},
): ReceivedOffer[] {
  if (challenge.intent !== "charge") return [];
  const now = parameters.now ?? Date.now();
  let maxTimeoutSeconds = 300;
  if (challenge.expires !== undefined) {
    const remaining = challengeExpiry(challenge.expires) - now;
    if (remaining <= 0) return [];
    maxTimeoutSeconds = Math.max(1, Math.floor(remaining / 1000));
  }
  const request = decodeChargeRequest(challenge.request);
  const offers = chargeRequestToOffers(challenge.method, request, maxTimeoutSeconds);
  return offers.map(({ offer, credentialType }) => ({
    ...offer,
    source: { dialect: "payment-auth", challenge, request, credentialType },
  }));
}

function chargeRequestToOffers(
  method: string,
  request: ChargeRequest,
  maxTimeoutSeconds: number,
): { offer: Offer; credentialType: string }[] {
  if (!request.recipient) return [];
  const amount = parseAtomic(request.amount);
  if (method === "evm") {
    const details = parseSchema(
      EvmMethodDetailsSchema,
      request.methodDetails ?? {},
      "evm methodDetails",
      "CHALLENGE_INVALID",
    );
    const network = formatCaip2("eip155", details.chainId);
    const types = details.credentialTypes ?? ["hash"];
    const extra = details.decimals === undefined ? {} : { decimals: details.decimals };
    return Object.entries(EVM_TYPES)
      .filter(([, type]) => types.includes(type as never))
      .map(([scheme, credentialType]) => ({
        offer: {
          scheme,
          network,
          asset: request.currency,
          amount,
          payTo: request.recipient as string,
          maxTimeoutSeconds,
          extra,
        },
        credentialType,
      }));
  }
  if (method === "solana") {
    const details = parseSchema(
      SolanaMethodDetailsSchema,
      request.methodDetails ?? {},
      "solana methodDetails",
      "CHALLENGE_INVALID",
    );
    const network = solanaClusterToCaip2(details.network ?? "mainnet") as Caip2;
    const asset = solanaAsset(network, request.currency);
    const extra: Record<string, unknown> = {
      ...(details.decimals === undefined ? {} : { decimals: details.decimals }),
      ...(details.tokenProgram === undefined ? {} : { tokenProgram: details.tokenProgram }),
      ...(request.externalId === undefined ? {} : { memo: request.externalId }),
      ...(details.recentBlockhash === undefined ? {} : { recentBlockhash: details.recentBlockhash }),
    };
    const base = { network, asset, amount, payTo: request.recipient, maxTimeoutSeconds };
    if (details.feePayer) {
      if (!details.feePayerKey)
        throw new PaymuxError("CHALLENGE_INVALID", "feePayer is true but feePayerKey is missing");
      return [
        {
          offer: { ...base, scheme: "exact", extra: { ...extra, feePayer: details.feePayerKey } },
          credentialType: "transaction",
        },
      ];
    }
    return [
      { offer: { ...base, scheme: "push", extra }, credentialType: "signature" },
      { offer: { ...base, scheme: "exact", extra }, credentialType: "transaction" },
    ];
  }
  return [];
}

// @solana/mpp also accepts symbols as currency; the spec uses "sol" or a mint.
function solanaAsset(network: string, currency: string): string {
  if (currency.toLowerCase() === NATIVE_SOL) return NATIVE_SOL;
  if (currency.length >= 32) return currency;
  const known = findAsset(network, currency);
  if (!known)
    throw new PaymuxError("ASSET_UNKNOWN", "Unknown Solana currency symbol", { context: { currency } });
  return known.address;
}

/** A credential → the neutral Payment (scheme from method and payload type; `accepted` from the echoed request). */
export function paymentFromCredential(credential: PaymentCredential): Payment {
  const request = decodeChargeRequest(credential.challenge.request);
  const method = credential.challenge.method;
  const type = credential.payload["type"];
  const table = method === "evm" ? EVM_TYPES : method === "solana" ? SOLANA_TYPES : undefined;
  const scheme = table && Object.keys(table).find((key) => table[key] === type);
  const offers = chargeRequestToOffers(method, request, 300);
  const accepted = offers.find((entry) => entry.offer.scheme === scheme)?.offer;
  if (!scheme || !accepted) {
    throw new PaymuxError("SCHEME_UNSUPPORTED", "Unsupported payment method or credential type", {
      context: {
        method: method.slice(0, 32),
        type: typeof type === "string" ? type.slice(0, 32) : typeof type,
      },
    });
  }
  return {
    dialect: "payment-auth",
    scheme,
    network: accepted.network,
    payload: credential.payload,
    accepted,
    source: { dialect: "payment-auth", credential, request },
  };
}

/** The credential for a received IETF offer: the challenge echoed unchanged, plus the payload. */
export function createPaymentCredential(
  source: Extract<ReceivedOffer["source"], { dialect: "payment-auth" }>,
  payload: Record<string, unknown>,
  payer?: string,
): PaymentCredential {
  const { challenge } = source;
  return {
    challenge: {
      id: challenge.id,
      realm: challenge.realm,
      method: challenge.method,
      intent: challenge.intent,
      request: challenge.request,
      ...(challenge.expires === undefined ? {} : { expires: challenge.expires }),
      ...(challenge.digest === undefined ? {} : { digest: challenge.digest }),
      ...(challenge.opaque === undefined ? {} : { opaque: challenge.opaque }),
      ...(challenge.description === undefined ? {} : { description: challenge.description }),
    },
    payload: { type: source.credentialType, ...payload },
    ...(payer === undefined ? {} : { source: payer }),
  };
}

/** A successful Receipt → the IETF `Payment-Receipt` object. */
export function receiptToPaymentReceipt(
  receipt: Receipt,
  method: string,
  challengeId?: string,
): PaymentReceipt {
  const chainId = receipt.network.startsWith("eip155:") ? evmChainId(receipt.network) : undefined;
  return {
    status: "success",
    method,
    timestamp: receipt.timestamp ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    reference: receipt.transaction,
    ...(challengeId === undefined ? {} : { challengeId }),
    ...(chainId === undefined ? {} : { chainId }),
    ...(receipt.externalId === undefined ? {} : { externalId: receipt.externalId }),
  };
}

/** An IETF `Payment-Receipt` → Receipt, for the network the client paid on. */
export function paymentReceiptToReceipt(receipt: PaymentReceipt, network: Caip2): Receipt {
  return {
    success: true,
    transaction: receipt.reference,
    network,
    timestamp: receipt.timestamp,
    ...(receipt.challengeId === undefined ? {} : { challengeId: receipt.challengeId }),
    ...(receipt.externalId === undefined ? {} : { externalId: receipt.externalId }),
  };
}

function stringExtra(offer: Offer, key: string): string | undefined {
  const value = offer.extra[key];
  return typeof value === "string" ? value : undefined;
}

function numberExtra(offer: Offer, key: string): number | undefined {
  const value = offer.extra[key];
  return typeof value === "number" ? value : undefined;
}
