import type { Offer, Payment, Receipt } from "../model.js";
import type { Price } from "../money/index.js";
import type { AssetInfo, Caip2 } from "../networks/index.js";
import type { ResourceInfo } from "../schemas/index.js";

/** What every scheme role declares: its name and the networks it serves (CAIP-2 ids or `namespace:*`). */
export type SchemeIdentity = {
  readonly scheme: string;
  readonly networks: readonly string[];
};

/** Facts a scheme needs besides the offer: the dialect and what the payment must bind to. */
export type PaymentContext = {
  dialect: Payment["dialect"];
  /** IETF Payment: the challenge answered (binds EVM nonces, Solana memos, receipts). */
  challenge?: { id: string; realm: string; expires?: string; externalId?: string };
  resource?: ResourceInfo;
  /** Clock in unix milliseconds (injectable so expiry rules are testable). */
  now?: () => number;
};

/** What a payer produced for an offer. */
export type CreatedPayload = {
  payload: Record<string, unknown>;
  /** The paying account. */
  payer: string;
};

/** Payer role: turns an offer into a signed payload. Runs in browsers; never imports verification code. */
export type SchemePayer = SchemeIdentity & {
  /** Signs or builds what pays `offer`. Policy has already approved the offer when this is called. */
  createPayload(offer: Offer, context: PaymentContext): Promise<CreatedPayload>;
};

/** Options of {@link SchemePayee.createOffer}. */
export type CreateOfferParameters = {
  price: Price;
  network: Caip2;
  payTo: string;
  maxTimeoutSeconds?: number;
  /** Assets beyond the known table (custom tokens, local test tokens). */
  assets?: readonly AssetInfo[];
  /** Scheme extras to merge (for example a Solana memo). */
  extra?: Record<string, unknown>;
};

/** Outcome of verification. `reason` is a wire reason string (x402 `invalidReason`). */
export type VerifyResult =
  | { valid: true; payer: string }
  | { valid: false; reason: string; message: string; payer?: string };

/**
 * Payee role: prices, verifies and settles. Verification is always against `offer`, the offer the server
 * itself would make now, never against what the payment claims.
 */
export type SchemePayee = SchemeIdentity & {
  /** Price → offer on one network, or undefined when this scheme cannot take that price there. */
  createOffer(parameters: CreateOfferParameters): Promise<Offer | undefined> | Offer | undefined;
  /** Keys that make the payment single-use; the server claims them atomically before verifying. */
  replayKeys(payment: Payment, offer: Offer, context: PaymentContext): readonly string[];
  verify(payment: Payment, offer: Offer, context: PaymentContext): Promise<VerifyResult>;
  /** Settles a verified payment. Never throws for on-chain failures: returns `success: false` with a reason. */
  settle(payment: Payment, offer: Offer, context: PaymentContext): Promise<Receipt>;
  /**
   * Reads the outcome of a settlement that may have been sent before (a timeout, a restart): `transaction` is its
   * hash when the server saw one. A receipt once the chain has a verdict (success or failure), a failure with
   * reason `unexpected_settle_error` while it is pending or unreadable, or undefined when the chain shows no trace
   * of it (then settling again is safe: the chain refuses a second use of the same authorization).
   */
  confirm?(
    payment: Payment,
    offer: Offer,
    context: PaymentContext,
    transaction?: string,
  ): Promise<Receipt | undefined>;
  /** Extras a facilitator advertises in `/supported` (e.g. Solana `feePayer`). */
  supportedExtra?(network: Caip2): Record<string, unknown> | undefined;
  /** Settlement signer addresses on a network, for `/supported`. */
  signers?(network: Caip2): readonly string[];
};
