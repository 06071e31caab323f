import { decodeLegacyReceipt, isLegacyExpressible, LEGACY_HEADERS } from "../dialects/legacy.js";
import { offerToRequirementsV2 } from "../dialects/offers.js";
import { challengeExpiry, verifyChallengeId } from "../dialects/payment-auth/challenge.js";
import { decodePaymentCredential, isPaymentAuthorization } from "../dialects/payment-auth/credential.js";
import { groupOffersForPaymentAuth, paymentFromCredential } from "../dialects/payment-auth/offers.js";
import {
  decodePaymentSignature,
  decodeXPayment,
  paymentFromV1,
  paymentFromV2,
  X402_HEADERS,
} from "../dialects/x402.js";
import { isPaymuxError, PaymuxError } from "../errors/index.js";
import { jsonEqual, type Offer, type Payment } from "../model.js";
import type { Caip2 } from "../networks/index.js";
import type { PaymentContext } from "../scheme/index.js";
import type { ChallengeProblem } from "./challenge.js";
import type { ServerDialect } from "./types.js";

/** What a request carries: nothing, a decoded payment, or a credential that could not be read. */
export type ReadCredentialResult =
  | { kind: "none" }
  | { kind: "payment"; payment: Payment }
  | { kind: "malformed"; problem: ChallengeProblem };

/**
 * Longest credential header value the server reads: 8 KiB. The largest legitimate credentials are Solana
 * `exact` payments, a transaction of at most 1,232 bytes (about 1.7 KB in base64) inside JSON that also
 * echoes the offer or the challenge, base64-encoded again: about 3 KB in x402 v2 and 3.5 KB in IETF Payment
 * (EVM v2 is about 1 KB). The IETF draft asks servers to take at least 4 KB, and Node refuses more than
 * 16 KiB of headers in all, so 8 KiB leaves twice the largest real credential while a hostile header costs
 * one length check: it is refused with 431 before anything decodes it.
 */
export const MAX_CREDENTIAL_LENGTH = 8 * 1024;

type Found = {
  dialect: "x402-v2" | "x402-v1" | "payment-auth" | "payment-request";
  header: string;
  value: string;
};

// The first enabled dialect present wins: x402 v2, v1, IETF Payment, then the legacy receipt.
function findCredential(headers: Headers, dialects: ReadonlySet<ServerDialect>): Found | undefined {
  const v2 = dialects.has("x402-v2") ? headers.get(X402_HEADERS.paymentSignature) : null;
  if (v2 !== null) return { dialect: "x402-v2", header: X402_HEADERS.paymentSignature, value: v2 };
  const v1 = dialects.has("x402-v1") ? headers.get(X402_HEADERS.xPayment) : null;
  if (v1 !== null) return { dialect: "x402-v1", header: X402_HEADERS.xPayment, value: v1 };
  const authorization = dialects.has("payment-auth") ? headers.get("Authorization") : null;
  // Another scheme's Authorization (a bearer token, say) is not ours to judge, whatever its size.
  if (authorization !== null && isPaymentAuthorization(authorization)) {
    return { dialect: "payment-auth", header: "Authorization", value: authorization };
  }
  const legacy = dialects.has("payment-request") ? headers.get(LEGACY_HEADERS.paymentReceipt) : null;
  if (legacy !== null)
    return { dialect: "payment-request", header: LEGACY_HEADERS.paymentReceipt, value: legacy };
  return undefined;
}

function decodeCredential(found: Found, solanaNetwork: Caip2 | undefined): Payment {
  switch (found.dialect) {
    case "x402-v2":
      return paymentFromV2(decodePaymentSignature(found.value));
    case "x402-v1":
      return paymentFromV1(decodeXPayment(found.value));
    case "payment-auth":
      return paymentFromCredential(decodePaymentCredential(found.value));
    case "payment-request":
      return decodeLegacyReceipt(found.value, solanaNetwork);
  }
}

/**
 * Reads the credential of the first enabled dialect present (x402 v2, v1, IETF Payment, legacy receipt). A
 * value over {@link MAX_CREDENTIAL_LENGTH} is refused unread (431); one that does not decode is malformed (402).
 */
export function readCredential(
  request: Request,
  dialects: ReadonlySet<ServerDialect>,
  solanaNetwork: Caip2 | undefined,
): ReadCredentialResult {
  const found = findCredential(request.headers, dialects);
  if (!found) return { kind: "none" };
  if (found.value.length > MAX_CREDENTIAL_LENGTH) {
    return {
      kind: "malformed",
      problem: {
        type: "malformed-credential",
        title: "The payment credential header is too large",
        detail: `HEADER_TOO_LARGE: ${found.header} is longer than ${MAX_CREDENTIAL_LENGTH} characters`,
        status: 431,
      },
    };
  }
  try {
    return { kind: "payment", payment: decodeCredential(found, solanaNetwork) };
  } catch (error) {
    const multiple = isPaymuxError(error) && error.context["multiple"] === true;
    return {
      kind: "malformed",
      problem: {
        type: multiple ? "bad-request" : "malformed-credential",
        title: multiple ? "More than one Payment credential" : "The payment credential could not be read",
        detail: isPaymuxError(error) ? `${error.code}: ${error.message}` : "unreadable credential",
        ...(multiple ? { status: 400 } : {}),
      },
    };
  }
}

/** The server's own offers a payment may be for, and what the scheme must bind it to. */
export type MatchResult =
  | { kind: "match"; candidates: Offer[]; context: PaymentContext; claimKeys: string[] }
  | { kind: "mismatch"; problem: ChallengeProblem };

/** Parameters of {@link matchPayment}. */
export type MatchPaymentParameters = {
  offers: readonly Offer[];
  secrets: readonly string[];
  realm: string;
  now: number;
};

const mismatch = (detail: string, type: ChallengeProblem["type"] = "invalid-challenge"): MatchResult => ({
  kind: "mismatch",
  problem: { type, title: "The credential does not answer a challenge of this route", detail },
});

/**
 * Finds the offers, among those this route makes now, that a payment answers. Nothing the client claims
 * about price or recipient is trusted: the candidates are the server's own offers, verified against later.
 */
export async function matchPayment(
  payment: Payment,
  parameters: MatchPaymentParameters,
): Promise<MatchResult> {
  const { offers } = parameters;
  const base = { dialect: payment.dialect, now: () => parameters.now };
  switch (payment.source.dialect) {
    case "x402-v2": {
      const accepted = payment.source.payload.accepted;
      const candidates = offers.filter((offer) => jsonEqual(offerToRequirementsV2(offer), accepted));
      if (candidates.length === 0) return mismatch("No matching payment requirements");
      return { kind: "match", candidates, context: base, claimKeys: [] };
    }
    case "x402-v1":
    case "payment-request": {
      const legacy = payment.source.dialect === "payment-request";
      const candidates = offers.filter(
        (offer) =>
          offer.scheme === payment.scheme &&
          offer.network === payment.network &&
          (!legacy || isLegacyExpressible(offer)),
      );
      if (candidates.length === 0) return mismatch("No offer of this route has that scheme and network");
      return { kind: "match", candidates, context: base, claimKeys: [] };
    }
    case "payment-auth": {
      const { credential, request } = payment.source;
      const echoed = credential.challenge;
      // Order as in mppx: HMAC, then route-pinned fields, then expiry.
      if (!(await verifyChallengeId(echoed, parameters.secrets))) return mismatch("Unknown challenge id");
      if (echoed.realm !== parameters.realm) return mismatch("Challenge of another realm");
      const group = groupOffersForPaymentAuth(offers).find(
        (entry) => entry.method === echoed.method && jsonEqual(entry.request, request),
      );
      if (!group || echoed.intent !== "charge") return mismatch("The challenge is not one this route issues");
      if (echoed.expires === undefined) return mismatch("The challenge has no expiry");
      const expiry = challengeExpiry(echoed.expires);
      if (Number.isNaN(expiry)) return mismatch("The challenge expiry is unreadable");
      if (expiry <= parameters.now) return mismatch("The challenge has expired", "payment-expired");
      const candidates = group.offers.filter((offer) => offer.scheme === payment.scheme);
      if (candidates.length === 0) return mismatch("This route does not take that credential type");
      const context: PaymentContext = {
        ...base,
        challenge: {
          id: echoed.id,
          realm: echoed.realm,
          expires: echoed.expires,
          ...(request.externalId === undefined ? {} : { externalId: request.externalId }),
        },
      };
      // The spec makes each challenge single-use, on top of each method's own replay token.
      return { kind: "match", candidates, context, claimKeys: [`payment-auth:challenge:${echoed.id}`] };
    }
    default:
      throw new PaymuxError("DIALECT_UNSUPPORTED", "Unknown payment dialect");
  }
}
