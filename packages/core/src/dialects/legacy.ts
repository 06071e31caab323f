import { PaymuxError } from "../errors/index.js";
import {
  parseChallenges,
  parseParameterHeader,
  serializeChallenge,
  serializeParameterHeader,
} from "../grammar/index.js";
import type { Offer, Payment, ReceivedOffer } from "../model.js";
import { formatUnits, parseUnits } from "../money/index.js";
import {
  type Caip2,
  caip2ToSolanaCluster,
  findAsset,
  NATIVE_SOL,
  resolveNetwork,
  solanaClusterToCaip2,
} from "../networks/index.js";
import {
  LegacyReceiptParamsSchema,
  PaymentRequestParamsSchema,
  parseSchema,
  type X402AuthParams,
  X402AuthParamsSchema,
} from "../schemas/index.js";

/** Header names of the legacy "Payment-Request" dialect (the receipt travels client → server here). */
export const LEGACY_HEADERS = {
  paymentRequest: "Payment-Request",
  paymentReceipt: "Payment-Receipt",
} as const;

const SOL_DECIMALS = 9;
// Legacy peers send this long before confirmation can be assumed; the push verifier applies the real window.
const LEGACY_TIMEOUT_SECONDS = 300;

/** True when an offer can be expressed as a legacy `Payment-Request` (native SOL, push, a named cluster). */
export function isLegacyExpressible(offer: Offer): boolean {
  return (
    offer.scheme === "push" && offer.asset === NATIVE_SOL && caip2ToSolanaCluster(offer.network) !== undefined
  );
}

/** A native-SOL push offer → `solana; amount="0.001"; recipient="…"; network="devnet"` (amount in SOL). */
export function encodePaymentRequest(offer: Offer): string {
  const cluster = caip2ToSolanaCluster(offer.network);
  if (!isLegacyExpressible(offer) || !cluster) {
    throw new PaymuxError("DIALECT_UNSUPPORTED", "Payment-Request carries only native SOL push payments", {
      context: { scheme: offer.scheme, network: offer.network },
    });
  }
  return serializeParameterHeader({
    token: "solana",
    params: {
      amount: formatUnits(offer.amount, SOL_DECIMALS),
      recipient: offer.payTo,
      network: cluster === "mainnet-beta" ? "mainnet" : cluster,
    },
  });
}

/**
 * Reads a `Payment-Request` header the way its reference reads it (split on `;`, quotes stripped), then
 * validates strictly: amounts with exponents or more than 9 decimals are refused, never rounded.
 */
export function decodePaymentRequest(header: string): ReceivedOffer {
  const parsed = parseParameterHeader(header, { mode: "legacy" });
  if (parsed.token.toLowerCase() !== "solana") {
    throw new PaymuxError("DIALECT_UNSUPPORTED", "Payment-Request method is not solana", {
      context: { method: parsed.token.slice(0, 32) },
    });
  }
  const params = parseSchema(
    PaymentRequestParamsSchema,
    parsed.params,
    "Payment-Request",
    "CHALLENGE_INVALID",
  );
  const network = solanaClusterToCaip2(params.network);
  if (!network) {
    throw new PaymuxError("NETWORK_UNKNOWN", "Unknown Solana cluster in Payment-Request", {
      context: { network: params.network.slice(0, 32) },
    });
  }
  return {
    scheme: "push",
    network,
    asset: NATIVE_SOL,
    amount: parseUnits(params.amount, SOL_DECIMALS),
    payTo: params.recipient,
    maxTimeoutSeconds: LEGACY_TIMEOUT_SECONDS,
    extra: {},
    source: { dialect: "payment-request", params },
  };
}

/** The JSON body legacy servers send with a 402 (merged into paymux's 402 body under `payment`). */
export function legacyPaymentBody(offer: Offer): {
  amount: string;
  currency: string;
  recipient: string;
  network: string;
} {
  return {
    amount: formatUnits(offer.amount, SOL_DECIMALS),
    currency: "SOL",
    recipient: offer.payTo,
    network: caip2ToSolanaCluster(offer.network) ?? offer.network,
  };
}

/** Parameters of {@link encodeLegacyReceipt}. */
export type EncodeLegacyReceiptParameters = { signature: string; network: Caip2; amount: bigint };

/** The client's proof in this dialect: `Payment-Receipt: solana; signature="…"; network="…"; amount="…"`. */
export function encodeLegacyReceipt(parameters: EncodeLegacyReceiptParameters): string {
  return serializeParameterHeader({
    token: "solana",
    params: {
      signature: parameters.signature,
      network: caip2ToSolanaCluster(parameters.network) ?? parameters.network,
      amount: formatUnits(parameters.amount, SOL_DECIMALS),
    },
  });
}

/**
 * A request's legacy `Payment-Receipt` → Payment. The claimed `amount` is informational only: the server
 * checks the chain, never the claim.
 */
export function decodeLegacyReceipt(header: string, defaultNetwork?: Caip2): Payment {
  const parsed = parseParameterHeader(header, { mode: "legacy" });
  if (parsed.token.toLowerCase() !== "solana") {
    throw new PaymuxError("CREDENTIAL_MALFORMED", "Legacy Payment-Receipt method is not solana");
  }
  const params = parseSchema(
    LegacyReceiptParamsSchema,
    parsed.params,
    "Payment-Receipt",
    "CREDENTIAL_MALFORMED",
  );
  const network = params.network === undefined ? defaultNetwork : solanaClusterToCaip2(params.network);
  if (!network) {
    throw new PaymuxError("NETWORK_UNKNOWN", "Legacy Payment-Receipt names no known Solana cluster");
  }
  return {
    dialect: "payment-request",
    scheme: "push",
    network,
    payload: { type: "signature", signature: params.signature },
    source: {
      dialect: "payment-request",
      signature: params.signature,
      ...(params.network === undefined ? {} : { network: params.network }),
      ...(params.amount === undefined ? {} : { amount: params.amount }),
    },
  };
}

/** The price hint of `WWW-Authenticate: x402 amount=…, currency=…, network=…`; it names no recipient. */
export type X402AuthHint = { amount: bigint; currency: string; network: Caip2; asset?: string };

/** An offer → the conforming comma-separated `x402` challenge (informal network name where one exists). */
export function encodeX402AuthChallenge(offer: Offer): string | undefined {
  const asset = findAsset(offer.network, offer.asset);
  if (!asset) return undefined;
  const network =
    offer.network === "eip155:8453"
      ? "base"
      : offer.network === "eip155:84532"
        ? "base-sepolia"
        : offer.network;
  return serializeChallenge({
    scheme: "x402",
    params: { amount: formatUnits(offer.amount, asset.decimals), currency: asset.symbol, network },
  });
}

/** Options of {@link decodeX402AuthChallenges}. */
export type DecodeX402AuthParameters = {
  /** Accept the malformed space-separated form `x402 amount=0.001 currency=USDC network=base`. */
  legacySpaceSeparated?: boolean;
};

/** Reads every `x402` challenge of a `WWW-Authenticate` value into price hints (unknown assets are skipped). */
export function decodeX402AuthChallenges(
  value: string | readonly string[],
  parameters: DecodeX402AuthParameters = {},
): X402AuthHint[] {
  const hints: X402AuthHint[] = [];
  const challenges = parseChallenges(value, {
    legacySpaceSeparated: parameters.legacySpaceSeparated ?? false,
  });
  for (const challenge of challenges) {
    if (challenge.scheme.toLowerCase() !== "x402") continue;
    const params: X402AuthParams = parseSchema(
      X402AuthParamsSchema,
      challenge.params,
      "x402 challenge",
      "CHALLENGE_INVALID",
    );
    const network = resolveNetwork(params.network);
    if (!network) continue;
    const asset = findAsset(network, params.currency);
    if (!asset) continue;
    hints.push({
      amount: parseUnits(params.amount, asset.decimals),
      currency: asset.symbol,
      network,
      asset: asset.address,
    });
  }
  return hints;
}
