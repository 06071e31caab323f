import type { Caip2 } from "./networks/index.js";
import type {
  ChargeRequest,
  PaymentChallengeParams,
  PaymentCredential,
  PaymentPayloadV1,
  PaymentPayloadV2,
  PaymentRequestParams,
  PaymentRequirementsV1,
  PaymentRequirementsV2,
  ResourceInfo,
} from "./schemas/index.js";

/** The wire formats paymux speaks (design.md §2). */
export type Dialect = "x402-v2" | "x402-v1" | "payment-auth" | "payment-request";

/** All dialects, in the order a client prefers them. */
export const DIALECTS: readonly Dialect[] = ["x402-v2", "payment-auth", "x402-v1", "payment-request"];

/** What a server asks for: one way to pay for one resource. */
export type Offer = {
  /** `exact` (signed authorization / sponsored transaction) or `push` (client-broadcast transfer). */
  scheme: string;
  network: Caip2;
  /** Token address, mint, or `"sol"` for native SOL. */
  asset: string;
  /** Atomic units. */
  amount: bigint;
  /** The recipient wallet (on Solana the owner, never the token account). */
  payTo: string;
  maxTimeoutSeconds: number;
  /** Scheme extras (EVM: EIP-712 `name`/`version`; Solana: `feePayer`, `memo`, `decimals`, `tokenProgram`). */
  extra: Readonly<Record<string, unknown>>;
};

/** Where a client-side offer came from, kept so that the payment can echo it exactly. */
export type OfferSource =
  | {
      dialect: "x402-v2";
      requirements: PaymentRequirementsV2;
      resource: ResourceInfo;
      extensions?: Record<string, unknown>;
    }
  | { dialect: "x402-v1"; requirements: PaymentRequirementsV1 }
  | {
      dialect: "payment-auth";
      challenge: PaymentChallengeParams;
      request: ChargeRequest;
      credentialType: string;
    }
  | { dialect: "payment-request"; params: PaymentRequestParams };

/** An offer as a client reads it from a 402, with its origin. */
export type ReceivedOffer = Offer & { source: OfferSource };

/** Where a payment came from (the decoded credential of its dialect). */
export type PaymentSource =
  | { dialect: "x402-v2"; payload: PaymentPayloadV2 }
  | { dialect: "x402-v1"; payload: PaymentPayloadV1 }
  | { dialect: "payment-auth"; credential: PaymentCredential; request: ChargeRequest }
  | { dialect: "payment-request"; signature: string; network?: string; amount?: string };

/** What a client sends: the scheme payload for an offer, in one dialect. */
export type Payment = {
  dialect: Dialect;
  scheme: string;
  network: Caip2;
  /** The scheme's payload, as on the wire (untrusted until verified against the server's own offer). */
  payload: Readonly<Record<string, unknown>>;
  /** The offer the client says it pays (x402 v2 `accepted`, IETF `request`); absent in x402 v1 and legacy. */
  accepted?: Offer;
  source: PaymentSource;
};

/** What a server returns about a settlement. */
export type Receipt = {
  success: boolean;
  /** Transaction hash or signature; `""` when nothing was sent. */
  transaction: string;
  network: Caip2;
  payer?: string;
  /** x402 wire reason on failure. */
  errorReason?: string;
  errorMessage?: string;
  /** Amount actually settled, when it can differ from the offer. */
  amount?: bigint;
  /** IETF Payment: the challenge this receipt answers. */
  challengeId?: string;
  /** IETF Payment: settlement time, RFC 3339. */
  timestamp?: string;
  externalId?: string;
};

/** True when two offers ask for exactly the same payment. */
export function offersEqual(a: Offer, b: Offer): boolean {
  return (
    a.scheme === b.scheme &&
    a.network === b.network &&
    a.asset === b.asset &&
    a.amount === b.amount &&
    a.payTo === b.payTo &&
    a.maxTimeoutSeconds === b.maxTimeoutSeconds &&
    jsonEqual(a.extra, b.extra)
  );
}

/** Deep equality of JSON values, insensitive to key order (how x402 servers match `accepted`). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  const keysA = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const keysB = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) &&
      jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}
