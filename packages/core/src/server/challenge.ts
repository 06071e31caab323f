import { encodePaymentRequest, encodeX402AuthChallenge, isLegacyExpressible } from "../dialects/legacy.js";
import {
  createPaymentChallenge,
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
 * One 402 in every enabled dialect at once (design.md §2): they do not collide. The body is an RFC 9457
 * problem that also carries the x402 v1 fields (`x402Version`, `accepts`, `error`) as extension members, so
 * v1 clients, IETF clients and humans all read the same body.
 */
export async function createChallengeResponse(parameters: ChallengeResponseParameters): Promise<Response> {
  const { dialects, problem } = parameters;
  const headers = new Headers({
    "Cache-Control": "no-store",
    "Content-Type": "application/problem+json",
    "Access-Control-Expose-Headers": EXPOSED_HEADERS,
  });
  const x402Offers = parameters.offers.filter(isX402Offer);
  const error = problem.detail ?? problem.title;
  if (dialects.has("x402-v2") && x402Offers.length > 0) {
    const required = createPaymentRequiredV2({ resource: parameters.resource, offers: x402Offers, error });
    headers.set(X402_HEADERS.paymentRequired, encodePaymentRequired(required));
  }
  let challengeId: string | undefined;
  if (dialects.has("payment-auth")) {
    const expires = formatExpiry(parameters.now + parameters.ttlSeconds * 1000);
    for (const group of groupOffersForPaymentAuth(parameters.offers)) {
      const challenge = await createPaymentChallenge({
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
  if (dialects.has("x402-auth-hint")) {
    const hint = x402Offers.map(encodeX402AuthChallenge).find((value) => value !== undefined);
    if (hint) headers.append("WWW-Authenticate", hint);
  }
  if (dialects.has("payment-request")) {
    const legacy = parameters.offers.find(isLegacyExpressible);
    if (legacy) headers.set("Payment-Request", encodePaymentRequest(legacy));
  }
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
  const body = {
    ...createProblem(problem.type, {
      title: problem.title,
      status,
      ...(problem.detail === undefined ? {} : { detail: problem.detail }),
      ...(challengeId === undefined ? {} : { challengeId }),
    }),
    ...(dialects.has("x402-v1") && x402Offers.length > 0
      ? createPaymentRequiredV1({ resource: parameters.resource, offers: x402Offers, error })
      : {}),
  };
  return new Response(JSON.stringify(body), { status, headers });
}

function randomNonce(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
}
