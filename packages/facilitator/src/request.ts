import {
  FacilitatorRequestSchema,
  isPaymuxError,
  jsonEqual,
  type Offer,
  offerToRequirementsV2,
  type Payment,
  type PaymentContext,
  PaymentRequirementsV1Schema,
  PaymentRequirementsV2Schema,
  PaymuxError,
  parseSchema,
  paymentFromV1,
  paymentFromV2,
  requirementsV1ToOffer,
  requirementsV2ToOffer,
  type SchemePayee,
  X402_REASONS,
} from "@paymux/core";

/**
 * Largest request body read: 64 KiB. The largest legitimate body is an x402 v2 Solana payment, a transaction of
 * at most 1,232 bytes (about 1.7 KB in base64) with the requirements twice and the resource: about 4 KB, or some
 * more with echoed extensions. A body over the cap is refused with 413 before it is parsed, and never buffered
 * past the cap: a declared Content-Length over it is refused unread, and an undeclared or understated one is
 * read only up to the cap.
 */
export const MAX_BODY_BYTES = 64 * 1024;
// JSON.parse copes with any depth, but later recursive walks (deep equality, stringify) would overflow.
const MAX_DEPTH = 32;

/** A request ready for a payee: the server's own offer and the client's payment, both validated. */
export type PreparedRequest = {
  kind: "prepared";
  x402Version: 1 | 2;
  /** The network as the caller wrote it (a v1 name in v1), echoed in failure answers. */
  network: string;
  offer: Offer;
  payment: Payment;
  context: PaymentContext;
  payee: SchemePayee;
};

/** A well-formed request this facilitator refuses (answered 200 with `isValid` / `success` false). */
export type RejectedRequest = {
  kind: "rejected";
  x402Version: 1 | 2;
  network: string;
  reason: string;
  message: string;
};

const tooLarge = () =>
  new PaymuxError("BODY_TOO_LARGE", `The request body is larger than ${MAX_BODY_BYTES} bytes`, {
    context: { limit: MAX_BODY_BYTES },
  });

/**
 * Reads the body as JSON, bounded in size (BODY_TOO_LARGE, a 413) and nesting; throws a PaymuxError (a 400)
 * for anything else.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  // Content-Length is honoured when it says "too large" (nothing is read), never trusted when it says "small".
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\s*\d+\s*$/.test(declared) && Number(declared) > MAX_BODY_BYTES)
    throw tooLarge();
  const bytes = await readBounded(request);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new PaymuxError("JSON_MALFORMED", "The request body is not UTF-8");
  }
  if (text.trim() === "") throw new PaymuxError("JSON_MALFORMED", "The request body is empty");
  if (nestingDepth(text) > MAX_DEPTH) {
    throw new PaymuxError("JSON_MALFORMED", `The request body nests deeper than ${MAX_DEPTH} levels`);
  }
  try {
    return JSON.parse(text);
  } catch {
    // The SyntaxError is left out: its message quotes the body, which may hold a signature.
    throw new PaymuxError("JSON_MALFORMED", "The request body is not JSON");
  }
}

// Chunk by chunk, stopping (and cancelling the stream) as soon as the cap is passed.
async function readBounded(request: Request): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    if (!request.body) return new Uint8Array();
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (isPaymuxError(error)) throw error;
    // A body already read, or a stream that failed mid-way: the caller's fault as far as we can tell.
    throw new PaymuxError("JSON_MALFORMED", "The request body could not be read");
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

// Brackets outside strings, so a deeply nested body is refused before anything recurses into it.
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x7d || char === 0x5d) depth--;
  }
  return deepest;
}

const NETWORK_CODES = new Set(["NETWORK_INVALID", "NETWORK_UNKNOWN"]);

/**
 * Validates a `/verify` or `/settle` body and pairs the caller's requirements (the offer verified against)
 * with the payment. Malformed bodies throw a PaymuxError (a 400); well-formed ones this facilitator cannot
 * take come back rejected with an x402 reason.
 */
export function prepareRequest(
  body: unknown,
  /** The payee, or what this facilitator does not serve: the scheme, or that scheme on the network. */
  resolve: (scheme: string, network: string) => SchemePayee | "scheme" | "network",
): PreparedRequest | RejectedRequest {
  const parsed = parseSchema(FacilitatorRequestSchema, body, "The request body");
  const x402Version = parsed.paymentPayload.x402Version;
  if (parsed.x402Version !== x402Version) {
    throw new PaymuxError("X402_VERSION_UNSUPPORTED", "x402Version differs from paymentPayload.x402Version");
  }
  // The union accepts either shape; the payload's version decides which one the requirements must have.
  const requirements =
    x402Version === 2
      ? {
          v2: true as const,
          value: parseSchema(PaymentRequirementsV2Schema, parsed.paymentRequirements, "paymentRequirements"),
        }
      : {
          v2: false as const,
          value: parseSchema(PaymentRequirementsV1Schema, parsed.paymentRequirements, "paymentRequirements"),
        };
  const network = requirements.value.network;
  const reject = (reason: string, message: string): RejectedRequest => ({
    kind: "rejected",
    x402Version,
    network,
    reason,
    message,
  });

  let offer: Offer;
  try {
    offer = requirements.v2
      ? requirementsV2ToOffer(requirements.value)
      : requirementsV1ToOffer(requirements.value);
  } catch (error) {
    if (isPaymuxError(error) && NETWORK_CODES.has(error.code)) {
      return reject(X402_REASONS.invalidNetwork, "paymentRequirements.network is not a known network");
    }
    throw error;
  }
  const payee = resolve(offer.scheme, offer.network);
  if (payee === "scheme")
    return reject(X402_REASONS.unsupportedScheme, "This facilitator does not serve that scheme");
  if (payee === "network")
    return reject(X402_REASONS.invalidNetwork, "This facilitator does not serve that network");

  let payment: Payment;
  try {
    payment =
      parsed.paymentPayload.x402Version === 2
        ? paymentFromV2(parsed.paymentPayload)
        : paymentFromV1(parsed.paymentPayload);
  } catch (error) {
    if (!isPaymuxError(error)) throw error;
    return x402Version === 2
      ? reject(X402_REASONS.invalidPaymentRequirements, "paymentPayload.accepted is unreadable")
      : reject(X402_REASONS.invalidNetwork, "paymentPayload.network is not a known network");
  }
  if (payment.accepted) {
    // Compared in normal form, so `extra: null` and a missing `extra` (both "none") do not differ.
    if (!jsonEqual(offerToRequirementsV2(payment.accepted), offerToRequirementsV2(offer))) {
      return reject(
        X402_REASONS.invalidPaymentRequirements,
        "paymentPayload.accepted differs from paymentRequirements",
      );
    }
  } else if (payment.scheme !== offer.scheme) {
    return reject(X402_REASONS.invalidScheme, "paymentPayload.scheme differs from paymentRequirements");
  } else if (payment.network !== offer.network) {
    return reject(X402_REASONS.invalidNetwork, "paymentPayload.network differs from paymentRequirements");
  }
  const resource = parsed.paymentPayload.x402Version === 2 ? parsed.paymentPayload.resource : undefined;
  const context: PaymentContext = {
    dialect: payment.dialect,
    ...(resource === undefined ? {} : { resource }),
  };
  return { kind: "prepared", x402Version, network, offer, payment, context, payee };
}
