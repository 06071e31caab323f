import { encodePaymentRequest, encodeX402AuthChallenge, isLegacyExpressible } from "../dialects/legacy.js";
import {
  createEncodedPaymentChallenge,
  encodeChargeRequest,
  encodePaymentChallenge,
  formatExpiry,
} from "../dialects/payment-auth/challenge.js";
import { createProblem } from "../dialects/payment-auth/credential.js";
import { groupOffersForPaymentAuth } from "../dialects/payment-auth/offers.js";
import {
  createPaymentRequiredV1,
  createPaymentRequiredV2,
  encodePaymentRequired,
  encodePaymentResponse,
  receiptToSettleResponse,
  X402_HEADERS,
} from "../dialects/x402.js";
import type { PaymentProblemType } from "../errors/index.js";
import type { Dialect, Offer, Receipt } from "../model.js";
import type { ResourceInfo } from "../schemas/index.js";
import type { ServerDialect } from "./types.js";

/** Response headers a browser may read (CORS), so web payers see challenges and receipts. */
export const EXPOSED_HEADERS = [
  "PAYMENT-REQUIRED",
  "PAYMENT-RESPONSE",
  "X-PAYMENT-RESPONSE",
  "WWW-Authenticate",
  "Payment-Receipt",
  "Payment-Request",
].join(", ");

/** What went wrong, in the terms of RFC 9457 and x402's `error`. */
export type ChallengeProblem = {
  type: PaymentProblemType;
  title: string;
  detail?: string;
  status?: number;
};

/** Parameters of {@link createChallengeResponse}. */
export type ChallengeResponseParameters = {
  offers: readonly Offer[];
  resource: ResourceInfo;
  dialects: ReadonlySet<ServerDialect>;
  secret: string;
  realm: string;
  ttlSeconds: number;
  now: number;
  problem: ChallengeProblem;
  /** A failed settlement's receipt, sent back in the dialect of the credential. */
  failure?: { dialect: Dialect; receipt: Receipt };
};

/** x402 can carry `exact` offers only, and on Solana only sponsored ones (its clients never pay the fee). */
function isX402Offer(offer: Offer): boolean {
  if (offer.scheme !== "exact") return false;
  return !offer.network.startsWith("solana:") || typeof offer.extra["feePayer"] === "string";
}

/**
 * What a route's 402 says the same way to every request: all of it but the IETF challenges' ids, nonces and
 * expiries (fresh per request: an id is single-use) and a failed settlement's receipt.
 */
type StaticParts = {
  x402Offers: readonly Offer[];
  paymentRequired: string | undefined;
  /** One IETF `charge` request per method, already encoded (JCS + base64url). */
  paymentAuth: readonly { method: string; request: string }[];
  hint: string | undefined;
  legacy: string | undefined;
  /** The x402 v1 body's members as JSON text without braces, spliced into every 402's problem body. */
  v1Members: string | undefined;
};

// Resources differ by Host header and path (`/jobs/:id`), which requests choose: the count per offers list is
// capped so that hostile requests cannot grow it.
const MAX_RESOURCES_PER_OFFERS = 64;
const staticParts = new WeakMap<readonly Offer[], Map<string, StaticParts>>();

function computeStaticParts(parameters: ChallengeResponseParameters, error: string): StaticParts {
  const { dialects, offers, resource } = parameters;
  const x402Offers = offers.filter(isX402Offer);
  const x402 = x402Offers.length > 0;
  const legacy = dialects.has("payment-request") ? offers.find(isLegacyExpressible) : undefined;
  return {
    x402Offers,
    paymentRequired:
      dialects.has("x402-v2") && x402
        ? encodePaymentRequired(createPaymentRequiredV2({ resource, offers: x402Offers, error }))
        : undefined,
    paymentAuth: dialects.has("payment-auth")
      ? groupOffersForPaymentAuth(offers).map((group) => ({
          method: group.method,
          request: encodeChargeRequest(group.request),
        }))
      : [],
    hint: dialects.has("x402-auth-hint")
      ? x402Offers.map(encodeX402AuthChallenge).find((value) => value !== undefined)
      : undefined,
    legacy: legacy ? encodePaymentRequest(legacy) : undefined,
    v1Members:
      dialects.has("x402-v1") && x402
        ? JSON.stringify(createPaymentRequiredV1({ resource, offers: x402Offers, error })).slice(1, -1) ||
          undefined
        : undefined,
  };
}

/** The static parts, computed once per (offers, resource, message, dialects) when the offers list is shared. */
function getStaticParts(parameters: ChallengeResponseParameters, error: string): StaticParts {
  const { offers } = parameters;
  // Only a list nobody can change may key the cache: createRouteOffers freezes the lists it shares.
  if (!Object.isFrozen(offers)) return computeStaticParts(parameters, error);
  const key = JSON.stringify([parameters.resource, error, [...parameters.dialects]]);
  let byResource = staticParts.get(offers);
  if (!byResource) {
    byResource = new Map();
    staticParts.set(offers, byResource);
  }
  let parts = byResource.get(key);
  if (!parts) {
    if (byResource.size >= MAX_RESOURCES_PER_OFFERS) byResource.clear();
    parts = computeStaticParts(parameters, error);
    byResource.set(key, parts);
  }
  return parts;
}

/**
 * One 402 in every enabled dialect at once (design.md §2): they do not collide. The body is an RFC 9457
 * problem that also carries the x402 v1 fields (`x402Version`, `accepts`, `error`) as extension members, so
 * v1 clients, IETF clients and humans all read the same body. Everything but the IETF challenges is the same
 * for every request of a route and is encoded once (see {@link getStaticParts}).
 */
export async function createChallengeResponse(parameters: ChallengeResponseParameters): Promise<Response> {
  const { problem } = parameters;
  const headers = new Headers({
    "Cache-Control": "no-store",
    "Content-Type": "application/problem+json",
    "Access-Control-Expose-Headers": EXPOSED_HEADERS,
  });
  const error = problem.detail ?? problem.title;
  const parts = getStaticParts(parameters, error);
  if (parts.paymentRequired !== undefined) headers.set(X402_HEADERS.paymentRequired, parts.paymentRequired);
  let challengeId: string | undefined;
  if (parts.paymentAuth.length > 0) {
    const expires = expiry(parameters.now + parameters.ttlSeconds * 1000);
    for (const group of parts.paymentAuth) {
      const challenge = await createEncodedPaymentChallenge({
        secret: parameters.secret,
        realm: parameters.realm,
        method: group.method,
        request: group.request,
        expires,
        // A random nonce bound into the id: without it, two 402s of one route in the same second share an id,
        // and since an id is single-use, one payer's credential would burn the other's challenge.
        opaque: { nonce: randomNonce() },
        ...(parameters.resource.description ? { description: parameters.resource.description } : {}),
      });
      challengeId ??= challenge.id;
      headers.append("WWW-Authenticate", encodePaymentChallenge(challenge));
    }
  }
  if (parts.hint !== undefined) headers.append("WWW-Authenticate", parts.hint);
  if (parts.legacy !== undefined) headers.set("Payment-Request", parts.legacy);
  const failure = parameters.failure;
  if (failure?.dialect === "x402-v2") {
    headers.set(
      X402_HEADERS.paymentResponse,
      encodePaymentResponse(receiptToSettleResponse(failure.receipt, 2)),
    );
  } else if (failure?.dialect === "x402-v1") {
    headers.set(
      X402_HEADERS.xPaymentResponse,
      encodePaymentResponse(receiptToSettleResponse(failure.receipt, 1)),
    );
  }
  const status = problem.status ?? 402;
  const head = JSON.stringify(
    createProblem(problem.type, {
      title: problem.title,
      status,
      ...(problem.detail === undefined ? {} : { detail: problem.detail }),
      ...(challengeId === undefined ? {} : { challengeId }),
    }),
  );
  // The same bytes as stringifying the merged object (no member names are shared), without re-encoding the
  // v1 offers on every request.
  const body = parts.v1Members === undefined ? head : `${head.slice(0, -1)},${parts.v1Members}}`;
  return new Response(body, { status, headers });
}

// The expiry string changes once a second; every 402 in between reuses it.
let lastExpiry = { second: Number.NaN, text: "" };
function expiry(unixMs: number): string {
  const second = Math.floor(unixMs / 1000);
  if (second !== lastExpiry.second) lastExpiry = { second, text: formatExpiry(unixMs) };
  return lastExpiry.text;
}

// Random bytes are drawn 4 KiB at a time, one getRandomValues call per 256 nonces: the call itself, not the
// randomness, cost a tenth of a 402. Each byte is handed out once.
const noncePool = new Uint8Array(4096);
let nonceOffset = noncePool.length;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

function randomNonce(): string {
  if (nonceOffset + 16 > noncePool.length) {
    crypto.getRandomValues(noncePool);
    nonceOffset = 0;
  }
  let nonce = "";
  for (let i = nonceOffset; i < nonceOffset + 16; i++) nonce += HEX[noncePool[i] as number] as string;
  nonceOffset += 16;
  return nonce;
}
