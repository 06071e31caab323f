import type { AssetInfo, Dialect, OfferPreferences, Receipt, SchemePayer } from "@paymux/core";
import type { Budget, SpendPolicy } from "./policy/index.js";

/** An offer as events and quotes show it (no payload, no key). */
export type OfferSummary = {
  dialect: Dialect;
  scheme: string;
  network: string;
  asset: string;
  amount: bigint;
  payTo: string;
};

/** Lifecycle events of a paid request, with timings in ms since the request started. */
export type ClientEvent =
  | { type: "challenge"; url: string; offers: number; dialects: Dialect[]; ms: number }
  | { type: "selected"; url: string; offer: OfferSummary; ms: number }
  | { type: "refused"; url: string; code: string; rule?: string; message: string; ms: number }
  | { type: "signed"; url: string; offer: OfferSummary; payer: string; ms: number }
  /** `attempt` > 1: the same credential sent again after a 503 or a network failure (never re-signed). */
  | { type: "sent"; url: string; dialect: Dialect; ms: number; attempt: number }
  | { type: "settled"; url: string; status: number; receipt?: Receipt; ms: number }
  | {
      type: "failed";
      url: string;
      code: string;
      message: string;
      status?: number;
      receipt?: Receipt;
      ms: number;
    };

/** What wrapFetch calls underneath: `fetch` itself, or anything that answers a Request (`app.fetch` of Hono). */
export type Fetcher = (request: Request) => Promise<Response>;

/** Options of {@link wrapFetch}. */
export type WrapFetchParameters = {
  /** Payers from the chain packages' client subpaths (`exactEvmPayer`, `exactSolanaPayer`, ...). */
  payers: readonly SchemePayer[];
  /** Checked before anything is signed; a refusal signs nothing. */
  policy?: SpendPolicy;
  /** Reserved before signing, committed when the payment is spent, released when it is not. */
  budgets?: Budget | readonly Budget[];
  /** Ranking among payable offers (networks, assets, schemes, dialects); default: x402 v2, IETF, v1, legacy. */
  preferences?: OfferPreferences;
  /** Assets beyond core's table, for policy caps in USD or symbols (local test tokens). */
  assets?: readonly AssetInfo[];
  /**
   * A paid request answered 503 (the server's store or chain is down, or its settlement is still pending) or
   * failing on the network is sent again with the same credential, never a new one: the server settles a
   * credential at most once and delivers its content once. Default: 2 more attempts, waiting the server's
   * `Retry-After` (or 1 s, then 2 s) capped at `maxDelayMs` (default 5,000). `{ attempts: 0 }` turns it off.
   */
  resend?: { attempts?: number; maxDelayMs?: number };
  onEvent?: (event: ClientEvent) => void;
};

/** What was paid for a response, and the server's receipt. */
export type PaymentInfo = { offer: OfferSummary; payer: string; receipt?: Receipt };

/** The price of a resource without paying: every offer this client could pay, best first. */
export type Quote = {
  /** False when the resource answered without asking for payment. */
  required: boolean;
  status: number;
  /** What the client would pay now (policy applied), if anything. */
  selected?: OfferSummary;
  /** Every payable offer, best first. */
  offers: OfferSummary[];
  /** Why the best offer would be refused, when it would. */
  refusal?: { code: string; rule?: string; message: string };
};

/** A `fetch` that pays 402s, plus a dry run. */
export type PaymuxFetch = ((input: string | URL | Request, init?: RequestInit) => Promise<Response>) & {
  /** Asks for the resource and reports what paying would cost, without signing anything. */
  quote(input: string | URL | Request, init?: RequestInit): Promise<Quote>;
};
