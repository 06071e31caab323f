// What every fault test shares: a real Express server (loopback socket) with one paid route whose handler counts
// its calls and answers a unique body, a client that signs a chosen offer of a real 402 into headers it can send
// as often as it likes (a credential's second use is the point of several tests), and the response as seen.
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createPaymentHeaders, readOffers } from "@paymux/client";
import { type Dialect, matchNetworkPattern, type SchemePayee, type SchemePayer } from "@paymux/core";
import type { PaymentEvent, PaymentServerOptions } from "@paymux/core/server";
import type { LocalPayments } from "@paymux/local";
import { paymux } from "@paymux/server-express";
import express from "express";
import { expect } from "vitest";

/** Marker inside every paid body: a response that does not carry it served nothing. */
export const CONTENT = "adversarial-paid-content";

/** A running paid app. */
export type PaidApp = {
  /** URL of the paid route (GET). */
  url: string;
  /** Handler invocations so far. */
  handled(): number;
  /** Every event of the payment server, in order. */
  events: PaymentEvent[];
  /** Transactions of the `settled` events. */
  settled(): string[];
  close(): Promise<void>;
};

/** Options of {@link servePaidApp} beyond the server's. */
export type ServePaidAppParameters = {
  /** Default "$0.001". */
  price?: string;
  /** Runs inside the handler before it answers (to inject a fault between verification and settlement). */
  onHandler?: () => void | Promise<void>;
};

/** Serves `GET /paid` charged at `price` with paymux's Express adapter over `options`. */
export async function servePaidApp(
  options: PaymentServerOptions,
  parameters: ServePaidAppParameters = {},
): Promise<PaidApp> {
  const events: PaymentEvent[] = [];
  let handled = 0;
  const pay = paymux({ ...options, onEvent: (event) => events.push(event) });
  const app = express();
  app.get("/paid", pay.charge({ price: parameters.price ?? "$0.001" }), async (_req, res) => {
    handled++;
    await parameters.onHandler?.();
    res.json({ content: CONTENT, id: randomUUID(), n: handled });
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/paid`,
    handled: () => handled,
    events,
    settled: () => events.flatMap((event) => (event.type === "settled" ? [event.receipt.transaction] : [])),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pay.close();
    },
  };
}

/** {@link servePaidApp} with one payee, on every network and asset of `local`, paid to its recipients. */
export function servePayee(local: LocalPayments, payee: SchemePayee): Promise<PaidApp> {
  return servePaidApp({
    payees: [payee],
    payTo: local.payTo,
    networks: local.networks,
    assets: local.assets,
  });
}

/** Which offer of the 402 to pay. */
export type Pick = { scheme: string; network: string; dialect?: Dialect };

/** Asks `url` for its 402 and signs the picked offer (x402 v2 by default) into the headers of a paid request. */
export async function signPayment(
  url: string,
  pick: Pick,
  payers: readonly SchemePayer[],
): Promise<Record<string, string>> {
  const challenge = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (challenge.status !== 402) throw new Error(`expected a 402, got ${challenge.status}`);
  const { offers } = await readOffers(challenge);
  const dialect = pick.dialect ?? "x402-v2";
  const offer = offers.find(
    (entry) =>
      entry.source.dialect === dialect && entry.scheme === pick.scheme && entry.network === pick.network,
  );
  if (!offer) throw new Error(`no ${dialect} ${pick.scheme} offer on ${pick.network}`);
  const payer = payers.find(
    (entry) =>
      entry.scheme === offer.scheme &&
      entry.networks.some((pattern) => matchNetworkPattern(pattern, offer.network) >= 0),
  );
  if (!payer) throw new Error(`no payer for ${offer.scheme} on ${offer.network}`);
  return (await createPaymentHeaders(offer, payer)).headers;
}

/** A response as the tests judge it. */
export type Seen = {
  status: number;
  body: string;
  contentType: string | null;
  retryAfter: string | null;
  /** The paid content came back. */
  served: boolean;
  ms: number;
};

/** Sends a (paid) request and reads the whole answer; a caller-side bound turns a server hang into an error. */
export async function send(url: string, headers: Record<string, string>, timeoutMs = 20_000): Promise<Seen> {
  const started = performance.now();
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  const body = await response.text();
  return {
    status: response.status,
    body,
    contentType: response.headers.get("content-type"),
    retryAfter: response.headers.get("retry-after"),
    served: body.includes(CONTENT),
    ms: performance.now() - started,
  };
}

/** What "unavailable" must look like: 503, a problem body, Retry-After, no content. */
export function isUnavailable(seen: Seen): boolean {
  return (
    seen.status === 503 &&
    seen.contentType === "application/problem+json" &&
    seen.retryAfter !== null &&
    !seen.served
  );
}

/**
 * The invariant over every answer one credential ever got: content at most once, content only if paid, and the
 * recipient's balance moved by 0 or by the price, never twice (exactly the price when the transfer is known to
 * have landed).
 */
export function expectPaidAtMostOnce(
  answers: readonly Seen[],
  delta: bigint,
  price: bigint,
  landed = false,
): void {
  const served = answers.filter((answer) => answer.served).length;
  expect(served).toBeLessThanOrEqual(1);
  expect([0n, price]).toContain(delta);
  if (served === 1 || landed) expect(delta).toBe(price);
}
