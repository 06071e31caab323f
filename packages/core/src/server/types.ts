import type { Dialect, Offer, Receipt } from "../model.js";
import type { Price } from "../money/index.js";
import type { AssetInfo } from "../networks/index.js";
import type { SchemePayee } from "../scheme/index.js";
import type { PaymentRecordState, PaymentStore } from "../store/index.js";
import type { FacilitatorClient, FacilitatorClientParameters } from "./facilitator-client.js";

/** What a price function sees: the request, the route's path parameters, and the framework's own object. */
export type RequestContext = {
  request: Request;
  params: Readonly<Record<string, string>>;
  /** The adapter's native request (Express `req`, Hono `Context`), for prices computed from a parsed body. */
  native?: unknown;
};

/** A price, or a function of the request. It must price a request the same way when it comes back paid. */
export type PriceInput<T = Price> = T | ((context: RequestContext) => T | Promise<T>);

/** One explicit way to pay a route, for routes that offer different prices per network or asset. */
export type AcceptOption = {
  price: PriceInput;
  network: string;
  /** Only this scheme (default: every payee serving the network). */
  scheme?: string;
  payTo?: string;
  maxTimeoutSeconds?: number;
  extra?: Record<string, unknown>;
};

/** When the server settles a payment relative to the handler. */
export type SettleTiming = "after" | "before";

/** How one route is charged. Give `price`, `amount` or `accepts`. */
export type RouteConfig = {
  /** `"$0.01"` (USD stablecoin on every network that has one), `"0.01 USDC"`, `"0.001 SOL"`, or atomic units. */
  price?: PriceInput;
  /** A bare decimal in the server's default currency (`currency` option; SOL when none is set). */
  amount?: PriceInput<string>;
  /** Explicit offers; when set, `price`/`amount`/`networks` are ignored. */
  accepts?: readonly AcceptOption[];
  /** Networks to offer (CAIP-2; default: the server's networks). */
  networks?: readonly string[];
  /** Schemes to offer (default: every registered payee that can take the price). */
  schemes?: readonly string[];
  /** Recipient, or recipients by CAIP-2 id / `namespace:*` (default: the server's `payTo`). */
  payTo?: string | Readonly<Record<string, string>>;
  description?: string;
  mimeType?: string;
  maxTimeoutSeconds?: number;
  /** Overrides the server's settlement timing for this route. */
  settle?: SettleTiming;
};

/** `"GET /weather"`, `"/jobs/:id"`, `"POST /files/*"` → route config. Earlier entries win. */
export type RoutesTable = Readonly<Record<string, RouteConfig>>;

/** A credential dialect that can be switched off, plus the `WWW-Authenticate: x402` hint. */
export type ServerDialect = Dialect | "x402-auth-hint";

/** Every step of the flow, for logs and metrics. Never carries a credential, payload, signature or key. */
export type PaymentEvent =
  | { type: "challenge"; route: string; offers: number; reason?: string; problem?: string }
  | { type: "credential"; route: string; dialect: Dialect; scheme: string; network: string }
  | { type: "rejected"; route: string; dialect?: Dialect; problem: string; reason: string }
  | { type: "replayed"; route: string; dialect: Dialect; network: string }
  /** A retry of the same credential took over a payment left unfinished (`state` is where it was). */
  | { type: "resumed"; route: string; dialect: Dialect; state: PaymentRecordState }
  | { type: "verified"; route: string; dialect: Dialect; network: string; payer: string; ms: number }
  | { type: "handler"; route: string; status: number; charged: boolean; ms: number }
  | { type: "settled"; route: string; dialect: Dialect; receipt: Receipt; ms: number }
  | { type: "settle_failed"; route: string; dialect: Dialect; receipt: Receipt; ms: number }
  | { type: "error"; route: string; code: string; message: string };

/** Options of {@link createPaymentServer}. */
export type PaymentServerOptions = {
  /**
   * The payee schemes that verify and settle (from `@paymux/chain-evm/server`, `@paymux/chain-solana/server`).
   * Without any, the server runs on the local chains of `@paymux/local` (installed separately), with
   * receiving wallets it creates.
   */
  payees?: readonly SchemePayee[];
  /**
   * A remote x402 facilitator to verify and settle through instead of (or besides) `payees`: its URL, client
   * options, or a client. Its `/supported` kinds become payees at start-up.
   */
  facilitator?: string | FacilitatorClientParameters | FacilitatorClient;
  /** Recipient, or recipients by CAIP-2 id / `namespace:*`. */
  payTo?: string | Readonly<Record<string, string>>;
  /** Networks offered by default (default: the keys of a `payTo` map that are CAIP-2 ids). */
  networks?: readonly string[];
  /** Assets beyond core's known table (custom tokens, local test tokens). */
  assets?: readonly AssetInfo[];
  /** Symbol of bare `amount`s (default `"SOL"`). */
  currency?: string;
  /** Routes table for {@link PaymentServer.fetch} and the adapters' route middleware. */
  routes?: RoutesTable;
  /**
   * HMAC secret(s) for IETF Payment challenge ids, at least 32 bytes; the first signs, all verify (rotation).
   * Default: random per process, so several instances behind one balancer must share one.
   */
  secret?: string | readonly string[];
  /** IETF Payment realm (default: the request's host). */
  realm?: string;
  /** Lifetime of IETF challenges (default 300 s). */
  challengeTtlSeconds?: number;
  /** Dialects to speak (all on by default); `{ "payment-request": false }` switches one off. */
  dialects?: Partial<Record<ServerDialect, boolean>>;
  /** Settle after the handler succeeded (default) or before running it. */
  settle?: SettleTiming;
  /** Replay claims and settlement records (default: an in-memory store). */
  store?: PaymentStore;
  /**
   * How long a request owns a payment it is verifying, serving or settling (default 30 s). If the server dies
   * meanwhile, a retry of the very same credential resumes the payment after this long, from the shared store:
   * it looks the settlement up instead of sending it twice, and delivers the content once. A settlement whose
   * outcome timed out is resumable at once.
   */
  resumeAfterSeconds?: number;
  /** Receives every step of the flow. Exceptions it throws are ignored. */
  onEvent?: (event: PaymentEvent) => void;
  /** Clock in unix milliseconds. */
  now?: () => number;
};

/** A matched route. */
export type RouteMatch = { key: string; route: RouteConfig; params: Record<string, string> };

/** Runs the handler and resolves with its response; rejects when the handler throws. */
export type NextHandler = () => Promise<Response>;

/** Options of {@link PaymentServer.handle}. */
export type HandleParameters = {
  /** Route name for events (default `METHOD path`). */
  name?: string;
  params?: Record<string, string>;
  native?: unknown;
};

/** The framework-free server flow (design.md §4). Adapters translate to and from it. */
export type PaymentServer = {
  /** The routes-table entry for a request, if any. */
  match(request: Request): RouteMatch | undefined;
  /**
   * Charges one request: a 402 (with challenges) when unpaid or wrongly paid, otherwise the handler's response
   * with a receipt once settled. The response of a handler that failed (status ≥ 400 or thrown) is passed on
   * uncharged; a thrown error is rethrown after the payment's claim is released.
   */
  handle(
    request: Request,
    route: RouteConfig,
    next: NextHandler,
    parameters?: HandleParameters,
  ): Promise<Response>;
  /** The routes table as one fetch-style middleware: unmatched requests go to `next` untouched. */
  fetch(request: Request, next: NextHandler, native?: unknown): Promise<Response>;
  /** Starts what the configuration needs (the local chains in zero-config mode); `handle` calls it too. */
  ready(): Promise<ResolvedServerConfig>;
  /** Stops what `ready` started and closes the store. */
  close(): Promise<void>;
};

/** The configuration after start-up, as the server uses it. */
export type ResolvedServerConfig = {
  payees: readonly SchemePayee[];
  payTo: string | Readonly<Record<string, string>>;
  networks: readonly string[];
  assets: readonly AssetInfo[];
};

/** What the zero-config module (`@paymux/local`) hands the server. */
export type LocalServerSetup = ResolvedServerConfig & { stop(): Promise<void> };

/** Offers made for one request, with the route they came from. */
export type PricedRoute = {
  offers: Offer[];
  resource: { url: string; description?: string; mimeType?: string };
};
