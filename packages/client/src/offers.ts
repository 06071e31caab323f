import {
  type Dialect,
  decodePaymentRequest,
  decodePaymentRequired,
  decodePaymentRequiredV1,
  isPaymuxError,
  PaymuxError,
  type ReceivedOffer,
  readOffersV1,
  readOffersV2,
  readPaymentAuthOffers,
  readPaymentChallenges,
} from "@paymux/core";

/** The offers of a 402, per dialect, and what could not be read (so a caller can say why nothing was payable). */
export type ReadOffersReturnType = { offers: ReceivedOffer[]; errors: { dialect: Dialect; code: string }[] };

/**
 * Most of a 402 body the client reads: 64 KiB. Only the x402 v1 dialect lives in the body, a JSON list of a few
 * requirements of under 1 KB each (64 at most). A longer body is not read past the cap (and a declared longer one
 * not at all): its v1 offers are skipped and reported as BODY_TOO_LARGE, and the other dialects still count.
 */
export const MAX_CHALLENGE_BODY_BYTES = 64 * 1024;
const TOO_LARGE = Symbol("too large");

/**
 * Reads every dialect a 402 carries (design.md §2): x402 v2 header, IETF `WWW-Authenticate: Payment`, x402 v1
 * body, legacy `Payment-Request`. A dialect that is malformed is skipped (and reported), never fatal: a hostile
 * header in one dialect must not stop a client from paying a good offer in another.
 */
export async function readOffers(response: Response, now = Date.now()): Promise<ReadOffersReturnType> {
  const result: ReadOffersReturnType = { offers: [], errors: [] };
  const attempt = (dialect: Dialect, read: () => ReceivedOffer[]) => {
    try {
      result.offers.push(...read());
    } catch (error) {
      result.errors.push({ dialect, code: isPaymuxError(error) ? error.code : "HEADER_MALFORMED" });
    }
  };
  const v2 = response.headers.get("PAYMENT-REQUIRED");
  if (v2 !== null) attempt("x402-v2", () => readOffersV2(decodePaymentRequired(v2)));
  const authenticate = response.headers.get("WWW-Authenticate");
  if (authenticate !== null) {
    attempt("payment-auth", () =>
      readPaymentChallenges(authenticate).challenges.flatMap((challenge) => {
        // One bad challenge must not hide the others.
        try {
          return readPaymentAuthOffers(challenge, { now });
        } catch (error) {
          result.errors.push({
            dialect: "payment-auth",
            code: isPaymuxError(error) ? error.code : "CHALLENGE_INVALID",
          });
          return [];
        }
      }),
    );
  }
  const body = await readJsonBody(response);
  if (body === TOO_LARGE) result.errors.push({ dialect: "x402-v1", code: "BODY_TOO_LARGE" });
  else if (typeof body === "object" && body !== null && "x402Version" in body) {
    attempt("x402-v1", () => readOffersV1(decodePaymentRequiredV1(body)));
  }
  const legacy = response.headers.get("Payment-Request");
  if (legacy !== null) attempt("payment-request", () => [decodePaymentRequest(legacy)]);
  return result;
}

// The v1 challenge lives in the body; read it from a clone, bounded, so the caller still gets the original.
async function readJsonBody(response: Response): Promise<unknown> {
  const type = response.headers.get("Content-Type") ?? "";
  if (!/json/i.test(type) || !response.body) return undefined;
  const declared = response.headers.get("Content-Length");
  if (declared !== null && /^\s*\d+\s*$/.test(declared) && Number(declared) > MAX_CHALLENGE_BODY_BYTES) {
    return TOO_LARGE;
  }
  try {
    const text = await readBoundedText(response.clone());
    return text === TOO_LARGE ? TOO_LARGE : JSON.parse(text);
  } catch {
    return undefined;
  }
}

// Chunk by chunk up to the cap, whatever Content-Length said; past it, the clone is cancelled and dropped.
async function readBoundedText(response: Response): Promise<string | typeof TOO_LARGE> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_CHALLENGE_BODY_BYTES) {
      // Not awaited: cancelling one branch of a tee settles only once the caller's branch is cancelled too.
      reader.cancel().catch(() => undefined);
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** An error saying why a 402 offered nothing this client can pay. */
export function nothingPayable(read: ReadOffersReturnType, payable: number): PaymuxError {
  if (read.offers.length === 0) {
    return new PaymuxError(
      read.errors.length > 0 ? "CHALLENGE_INVALID" : "CHALLENGE_MISSING",
      read.errors.length > 0
        ? "The 402 carries no readable payment offer"
        : "The 402 carries no payment challenge",
      { context: { errors: read.errors.map((error) => `${error.dialect}:${error.code}`).join(",") } },
    );
  }
  return new PaymuxError("SCHEME_UNSUPPORTED", "No offer of this 402 has a registered payer", {
    context: {
      offered: [...new Set(read.offers.map((offer) => `${offer.scheme}@${offer.network}`))]
        .join(",")
        .slice(0, 256),
      payable,
    },
  });
}
