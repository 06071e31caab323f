import { assertStrongSecret } from "../dialects/payment-auth/challenge.js";
import { isPaymuxError, PaymuxError } from "../errors/index.js";
import type { Dialect, Receipt } from "../model.js";
import { type Caip2, isCaip2 } from "../networks/index.js";
import { createSchemeRegistry, type SchemePayee, type SchemeRegistry } from "../scheme/index.js";
import { memoryStore } from "../store/index.js";
import { type ChallengeProblem, createChallengeResponse } from "./challenge.js";
import { matchPayment, readCredential } from "./credential.js";
import { createFacilitatorClient, type FacilitatorClient } from "./facilitator-client.js";
import type { Abandoned } from "./ledger.js";
import { loadLocalSetup } from "./local.js";
import { createRouteOffers } from "./offers.js";
import { HandlerFailed, payAndServe, SettlementPending, Unavailable } from "./pay.js";
import { remotePayees } from "./remote-payee.js";
import { createRouteMatcher } from "./routes.js";
import type {
  PaymentEvent,
  PaymentServer,
  PaymentServerOptions,
  RequestContext,
  ResolvedServerConfig,
  ServerDialect,
} from "./types.js";

const ALL_DIALECTS: readonly ServerDialect[] = [
  "x402-v2",
  "x402-v1",
  "payment-auth",
  "payment-request",
  "x402-auth-hint",
];
const DAY_MS = 86_400_000;

/**
 * The framework-free server flow (design.md §4): prices a route, answers 402 in every enabled dialect, and
 * serves the handler's response only once its payment is claimed, verified and (by default after the handler
 * succeeded) settled. Adapters (`@paymux/server-express`, `@paymux/server-hono`) only translate to it.
 */
export function createPaymentServer(options: PaymentServerOptions = {}): PaymentServer {
  const secrets = resolveSecrets(options.secret);
  const dialects = new Set(ALL_DIALECTS.filter((dialect) => options.dialects?.[dialect] !== false));
  const store = options.store ?? memoryStore();
  const now = options.now ?? Date.now;
  const currency = options.currency ?? "SOL";
  const ttlSeconds = options.challengeTtlSeconds ?? 300;
  const leaseSeconds = options.resumeAfterSeconds ?? 30;
  const matchRoute = createRouteMatcher(options.routes ?? {});
  const abandoned: Abandoned = new Map();
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new PaymuxError("CONFIG_INVALID", "challengeTtlSeconds must be a positive integer");
  }
  if (!Number.isFinite(leaseSeconds) || leaseSeconds <= 0) {
    throw new PaymuxError("CONFIG_INVALID", "resumeAfterSeconds must be a positive number");
  }
  const emit = (event: PaymentEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A logging hook must never change what the payer gets.
    }
  };

  type Started = {
    config: ResolvedServerConfig;
    registry: SchemeRegistry<SchemePayee>;
    stop?: () => Promise<void>;
  };
  let started: Promise<Started> | undefined;
  const start = () => {
    started ??= (async (): Promise<Started> => {
      if (options.facilitator !== undefined) {
        const client = facilitatorClient(options.facilitator);
        const remote = remotePayees(client, await client.supported(), options.assets);
        // Local payees first: the registry keeps the first registration of a scheme and network.
        const config = resolveConfig(options, [...(options.payees ?? []), ...remote]);
        return { config, registry: createSchemeRegistry(dedupe(config.payees)) };
      }
      if (options.payees && options.payees.length > 0) {
        const config = resolveConfig(options, options.payees);
        return { config, registry: createSchemeRegistry(config.payees) };
      }
      const local = await loadLocalSetup();
      return { config: local, registry: createSchemeRegistry(local.payees), stop: () => local.stop() };
    })();
    started.catch(() => {
      started = undefined;
    });
    return started;
  };

  const server: PaymentServer = {
    match: matchRoute,
    async ready() {
      return (await start()).config;
    },
    async close() {
      const running = started;
      started = undefined;
      const stop = running ? (await running.catch(() => undefined))?.stop : undefined;
      await stop?.();
      await store.close?.();
    },
    async fetch(request, next, native) {
      const match = matchRoute(request);
      if (!match) return next();
      return server.handle(request, match.route, next, { name: match.key, params: match.params, native });
    },
    async handle(request, route, next, parameters = {}) {
      const url = new URL(request.url);
      const name = parameters.name ?? `${request.method} ${url.pathname}`;
      const context: RequestContext = {
        request,
        params: parameters.params ?? {},
        ...(parameters.native === undefined ? {} : { native: parameters.native }),
      };
      let setup: Started;
      let offers: Awaited<ReturnType<typeof createRouteOffers>>;
      try {
        setup = await start();
        offers = await createRouteOffers(setup.config, setup.registry, route, context, currency);
      } catch (error) {
        // A chain or facilitator that cannot be reached while pricing is an outage (503, try again); only
        // paymux's own configuration errors are the operator's to fix (500).
        return failure(name, error, isOutage(error) ? 503 : 500);
      }
      const { config, registry } = setup;
      const resource = {
        url: `${url.origin}${url.pathname}`,
        ...(route.description === undefined ? {} : { description: route.description }),
        ...(route.mimeType === undefined ? {} : { mimeType: route.mimeType }),
      };
      const realm = options.realm ?? url.host;
      const challenge = async (
        problem: ChallengeProblem,
        failed?: { dialect: Dialect; receipt: Receipt },
      ) => {
        emit({ type: "challenge", route: name, offers: offers.length, problem: problem.type });
        return createChallengeResponse({
          offers,
          resource,
          dialects,
          secret: secrets[0] as string,
          realm,
          ttlSeconds,
          now: now(),
          problem,
          ...(failed ? { failure: failed } : {}),
        });
      };

      const solanaNetwork = config.networks.find((network) => network.startsWith("solana:")) as
        | Caip2
        | undefined;
      const read = readCredential(request, dialects, solanaNetwork);
      if (read.kind === "none") {
        return challenge({
          type: "payment-required",
          title: "Payment required",
          detail: "This resource is paid",
        });
      }
      if (read.kind === "malformed") {
        emit({
          type: "rejected",
          route: name,
          problem: read.problem.type,
          reason: read.problem.detail ?? "",
        });
        return challenge(read.problem);
      }
      const { payment } = read;
      emit({
        type: "credential",
        route: name,
        dialect: payment.dialect,
        scheme: payment.scheme,
        network: payment.network,
      });
      try {
        const matched = await matchPayment(payment, { offers, secrets, realm, now: now() });
        if (matched.kind === "mismatch") {
          emit({
            type: "rejected",
            route: name,
            dialect: payment.dialect,
            problem: matched.problem.type,
            reason: matched.problem.detail ?? "",
          });
          return await challenge(matched.problem);
        }
        return await payAndServe({
          route: name,
          payment,
          candidates: matched.candidates,
          context: matched.context,
          extraClaimKeys: matched.claimKeys,
          registry,
          store,
          settle: route.settle ?? options.settle ?? "after",
          next,
          emit,
          now,
          challenge: (problem, receipt) =>
            challenge(problem, receipt ? { dialect: payment.dialect, receipt } : undefined),
          recordTtlMs: DAY_MS,
          leaseMs: Math.ceil(leaseSeconds * 1000),
          abandoned,
          signal: request.signal,
        });
      } catch (error) {
        if (error instanceof HandlerFailed) throw error.original;
        if (error instanceof SettlementPending) return failure(name, error.cause ?? error, 503, true);
        if (error instanceof Unavailable) return failure(name, error.cause ?? error, 503);
        if (isPaymuxError(error, "STORE_UNAVAILABLE")) return failure(name, error, 503);
        // Anything the scheme rejects while reading the payload is the payer's input, not our failure.
        if (isPaymuxError(error)) {
          emit({
            type: "rejected",
            route: name,
            dialect: payment.dialect,
            problem: "invalid-payload",
            reason: error.code,
          });
          return challenge({
            type: "invalid-payload",
            title: "The payment payload is invalid",
            detail: error.code,
          });
        }
        return failure(name, error, 500);
      }
    },
  };

  function failure(route: string, error: unknown, status: 500 | 503, pending = false): Response {
    const code = isPaymuxError(error) ? error.code : "INTERNAL";
    emit({ type: "error", route, code, message: error instanceof Error ? error.message : String(error) });
    const detail =
      status === 500
        ? code
        : pending
          ? "The settlement's outcome is not known yet; retry with the same credential (it will not be charged twice)"
          : "Try again later; nothing was charged or served";
    const body = {
      type: "about:blank",
      title: status === 503 ? "Payment service unavailable" : "Payment configuration error",
      status,
      detail,
    };
    return new Response(JSON.stringify(body), {
      status,
      headers: {
        "Content-Type": "application/problem+json",
        "Cache-Control": "no-store",
        // A pending settlement is usually visible on chain within seconds; an outage takes longer.
        ...(status === 503 ? { "Retry-After": pending ? "2" : "5" } : {}),
      },
    });
  }

  return server;
}

const OUTAGE_CODES = new Set(["FACILITATOR_ERROR", "STORE_UNAVAILABLE"]);
function isOutage(error: unknown): boolean {
  return !isPaymuxError(error) || OUTAGE_CODES.has(error.code);
}

function resolveSecrets(secret: PaymentServerOptions["secret"]): string[] {
  if (secret === undefined) {
    // A per-process secret is enough for one instance; several behind a balancer must share a configured one.
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    return [Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")];
  }
  const secrets = typeof secret === "string" ? [secret] : [...secret];
  if (secrets.length === 0) throw new PaymuxError("CONFIG_INVALID", "`secret` needs at least one value");
  for (const value of secrets) assertStrongSecret(value);
  return secrets;
}

function resolveConfig(options: PaymentServerOptions, payees: readonly SchemePayee[]): ResolvedServerConfig {
  const payTo = options.payTo;
  if (payTo === undefined)
    throw new PaymuxError("CONFIG_INVALID", "`payTo` is required when `payees` are given");
  const networks =
    options.networks ?? (typeof payTo === "string" ? [] : Object.keys(payTo).filter((key) => isCaip2(key)));
  for (const network of networks) {
    if (!isCaip2(network))
      throw new PaymuxError("CONFIG_INVALID", "Networks are CAIP-2 ids", { context: { network } });
  }
  return { payees, payTo, networks, assets: options.assets ?? [] };
}

function facilitatorClient(value: NonNullable<PaymentServerOptions["facilitator"]>): FacilitatorClient {
  if (typeof value === "string") return createFacilitatorClient({ url: value });
  return "verify" in value ? value : createFacilitatorClient(value);
}

// A remote kind that a local payee already serves would clash in the registry (SCHEME_CONFLICT): local wins.
function dedupe(payees: readonly SchemePayee[]): SchemePayee[] {
  const seen = new Set<string>();
  return payees.filter((payee) => {
    const keys = payee.networks.map((network) => `${payee.scheme}|${network}`);
    if (keys.every((key) => seen.has(key))) return false;
    for (const key of keys) seen.add(key);
    return true;
  });
}
