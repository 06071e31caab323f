// The arena every attack file shares: real local chains (anvil + the LiteSVM Solana RPC), a real paymux server
// whose handler counts its runs, credentials signed by @paymux/client's own code, balances read on chain, and a
// tally of attack cases tried (SECURITY.md cites it). Attacks assert two things each: no content reached the
// attacker, and no funds moved twice.
import { createPaymentHeaders, readOffers } from "@paymux/client";
import {
  type Caip2,
  type Dialect,
  matchNetworkPattern,
  PAYMENT_PROBLEM_BASE,
  PaymuxError,
  type ReceivedOffer,
  type SchemePayer,
} from "@paymux/core";
import {
  createPaymentServer,
  type PaymentServer,
  type PaymentServerOptions,
  type RoutesTable,
  resolvePayTo,
} from "@paymux/core/server";
import { type LocalPayer, type LocalPayments, startLocalPayments } from "@paymux/local";
import { afterAll, beforeAll, expect } from "vitest";

/** Body every paid handler answers; its absence from a response proves no content leaked. */
export const CONTENT = "paid-content-attack-9c1e";

/** The default routes: two at one price (route swap), one dearer, one priced in SOL (Solana push). */
export const ROUTES: RoutesTable = {
  "GET /a": { price: "$0.001" },
  "GET /b": { price: "$0.001" },
  "GET /dear": { price: "$0.002" },
  "GET /sol": { amount: "0.001" },
};

/** Price of `/a` and `/b` in test-USDC atomic units, and of `/sol` in lamports. */
export const PRICE = 1000n;
export const SOL_PRICE = 1_000_000n;

/** Which offer of a 402 to pay. */
export type Pick = { dialect: Dialect; scheme: "exact" | "push"; chain: "evm" | "solana" };

/** A pick with the route it pays for, that route's price, and the recipient's asset it is paid in. */
export type PricedPick = Pick & { path: string; price: bigint; asset: "usdc" | "native" };

/** The pick on its route of {@link ROUTES}: Solana push pays `/sol` in SOL, everything else `/a` in USDC. */
export function priced(dialect: Dialect, scheme: Pick["scheme"], chain: Pick["chain"]): PricedPick {
  return scheme === "push" && chain === "solana"
    ? { dialect, scheme, chain, path: "/sol", price: SOL_PRICE, asset: "native" }
    : { dialect, scheme, chain, path: "/a", price: PRICE, asset: "usdc" };
}

/** Every exact (pull) pick: x402 v2, x402 v1 and IETF, on EVM, then on Solana. */
export const EXACTS: readonly PricedPick[] = (["evm", "solana"] as const).flatMap((chain) =>
  (["x402-v2", "x402-v1", "payment-auth"] as const).map((dialect) => priced(dialect, "exact", chain)),
);

/** Every push pick: EVM push (IETF hash), Solana push (IETF signature, legacy Payment-Receipt). */
export const PUSHES: readonly PricedPick[] = [
  priced("payment-auth", "push", "evm"),
  priced("payment-auth", "push", "solana"),
  priced("payment-request", "push", "solana"),
];

/** What a request got back, read once. */
export type Answer = { status: number; body: string; headers: Headers };

/** A real paymux server on the local chains, with a counting handler. */
export type Arena = {
  local: LocalPayments;
  payer: LocalPayer;
  server: PaymentServer;
  evm: Caip2;
  solana: Caip2;
  /** Sends a request through the server's fetch handler (the handler behind it counts its runs). */
  request(path: string, headers?: HeadersInit): Promise<Answer>;
  /** Handler runs per path so far. */
  runs(path: string): number;
  /** The picked offer of a fresh 402 of `path`. */
  offer(path: string, pick: Pick): Promise<ReceivedOffer>;
  /** Headers of a paid retry of `path`, signed by the arena's payer (or `payers`). */
  credential(path: string, pick: Pick, payers?: readonly SchemePayer[]): Promise<Record<string, string>>;
  /** The recipient's balance on a chain: test USDC, or native (lamports/wei). */
  recipient(chain: "evm" | "solana", asset?: "usdc" | "native"): Promise<bigint>;
  network(chain: "evm" | "solana"): Caip2;
  close(): Promise<void>;
};

/** Options of {@link startArena}. */
export type StartArenaParameters = {
  routes?: RoutesTable;
  /** Server options on top of the local payees, payTo, networks and assets. */
  server?: Partial<PaymentServerOptions>;
};

let tried = 0;

/** Counts attack cases tried (each refused/accepted-once assertion is one case). */
export function tally(count = 1): void {
  tried += count;
}

/** Prints this file's tally (vitest isolates modules per file, so the count is per file). */
export function reportTally(file: string): void {
  console.log(`[attacks] ${file}: ${tried} attack cases tried`);
}

/**
 * The calling file's arena: started before its first test ({@link startArena}), closed after its last, with the
 * file's tally printed first. What it returns stands for the started arena, so it is used in tests and hooks.
 */
export function useArena(file: string, parameters: StartArenaParameters = {}): Arena {
  let started: Arena | undefined;
  beforeAll(async () => {
    started = await startArena(parameters);
  });
  afterAll(async () => {
    reportTally(file);
    await started?.close();
  });
  return new Proxy({} as Arena, {
    get(_target, key) {
      if (!started) throw new Error(`the ${file} arena is not started`);
      return Reflect.get(started, key);
    },
  });
}

/** Starts the local chains, a funded payer and a paymux server over `routes`. */
export async function startArena(parameters: StartArenaParameters = {}): Promise<Arena> {
  const local = await startLocalPayments();
  try {
    const payer = await local.createPayer({ usdc: "10", sol: "10" });
    const server = createPaymentServer({
      payees: local.payees,
      payTo: local.payTo,
      networks: local.networks,
      assets: local.assets,
      routes: parameters.routes ?? ROUTES,
      secret: "adversarial-secret-adversarial-secret!!",
      ...parameters.server,
    });
    return arenaOf(local, payer, server);
  } catch (error) {
    await local.stop();
    throw error;
  }
}

/** An arena over an existing server (built with custom payees or options). */
export function arenaOf(local: LocalPayments, payer: LocalPayer, server: PaymentServer): Arena {
  const runs = new Map<string, number>();
  const evm = local.evm?.caip2 as Caip2;
  const solana = local.solana?.caip2 as Caip2;
  const network = (chain: "evm" | "solana") => (chain === "evm" ? evm : solana);
  const request = async (path: string, headers?: HeadersInit): Promise<Answer> => {
    const response = await server.fetch(
      new Request(`http://paymux.test${path}`, headers ? { headers } : {}),
      async () => {
        runs.set(path, (runs.get(path) ?? 0) + 1);
        return Response.json({ content: CONTENT, path });
      },
    );
    return { status: response.status, body: await response.text(), headers: response.headers };
  };
  const offer = async (path: string, pick: Pick) => {
    const challenge = await server.fetch(new Request(`http://paymux.test${path}`), async () => {
      throw new Error("an unpaid request reached the handler");
    });
    return pickOffer(challenge, pick, network(pick.chain));
  };
  return {
    local,
    payer,
    server,
    evm,
    solana,
    request,
    runs: (path) => runs.get(path) ?? 0,
    offer,
    async credential(path, pick, payers = payer.payers) {
      return signOffer(await offer(path, pick), payers);
    },
    async recipient(chain, asset = "usdc") {
      const id = network(chain);
      const balances = await local.balances(resolvePayTo(local.payTo, id) as string, id);
      return asset === "usdc" ? balances.usdc : balances.native;
    },
    network,
    async close() {
      await server.close();
      await local.stop();
    },
  };
}

/** The offer of a 402 that matches `pick` on `network`. */
export async function pickOffer(challenge: Response, pick: Pick, network: string): Promise<ReceivedOffer> {
  const { offers } = await readOffers(challenge);
  const found = offers.find(
    (entry) =>
      entry.source.dialect === pick.dialect && entry.scheme === pick.scheme && entry.network === network,
  );
  if (!found)
    throw new PaymuxError("OFFER_NOT_FOUND", `No ${pick.dialect} ${pick.scheme} offer on ${network}`);
  return found;
}

/** Signs (or, for push, pays and names) `offer` with the first payer that serves it. */
export async function signOffer(
  offer: ReceivedOffer,
  payers: readonly SchemePayer[],
): Promise<Record<string, string>> {
  const payer = payers.find(
    (entry) =>
      entry.scheme === offer.scheme &&
      entry.networks.some((pattern) => matchNetworkPattern(pattern, offer.network) >= 0),
  );
  if (!payer) throw new PaymuxError("SCHEME_UNSUPPORTED", `No payer for ${offer.scheme} on ${offer.network}`);
  return (await createPaymentHeaders(offer, payer)).headers;
}

/** Problem type name of a 402 body (`invalid-challenge`, …), or undefined when the body is not a problem. */
export function problemOf(answer: Answer): string | undefined {
  try {
    const type = (JSON.parse(answer.body) as { type?: unknown }).type;
    return typeof type === "string" ? type.replace(PAYMENT_PROBLEM_BASE, "") : undefined;
  } catch {
    return undefined;
  }
}

/** Refused without content: a 4xx (402 unless told) and no handler output in the body. Counts one case. */
export function expectRefused(answer: Answer, status: number | "4xx" = 402): void {
  tally();
  expect(answer.body).not.toContain(CONTENT);
  if (status === "4xx") {
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
  } else {
    expect(answer.status, answer.body.slice(0, 300)).toBe(status);
  }
}

/** `count` requests sent at once (`request` gets each one's index). */
export function atOnce(count: number, request: (index: number) => Promise<Answer>): Promise<Answer[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => request(index)));
}

/** Of copies of one credential sent at once: exactly one served (200), every other refused (a case each). */
export function expectOneServed(answers: readonly Answer[]): void {
  expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
  // A copy that lands while the winner's settlement is being sent hears 503 "retry with the same credential".
  for (const answer of answers.filter((entry) => entry.status !== 200)) {
    expectRefused(answer, answer.status === 503 ? 503 : 402);
  }
}

/** Served with content, once. */
export function expectServed(answer: Answer): void {
  expect(answer.status, answer.body.slice(0, 300)).toBe(200);
  expect(answer.body).toContain(CONTENT);
}

/** Reads a balance before and after `attack`, and returns how much it grew. */
export async function gained(read: () => Promise<bigint>, attack: () => Promise<unknown>): Promise<bigint> {
  const before = await read();
  await attack();
  return (await read()) - before;
}

/** Re-encodes a base64 JSON header after `edit` (x402 v1/v2 credentials). */
export function editBase64Json(header: string, edit: (value: Record<string, unknown>) => void): string {
  const value = JSON.parse(Buffer.from(header, "base64").toString("utf8")) as Record<string, unknown>;
  edit(value);
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64");
}

/** Re-encodes an IETF `Authorization: Payment <b64url>` credential after `edit`. */
export function editPaymentCredential(
  header: string,
  edit: (value: Record<string, unknown>) => void,
): string {
  const token = header.replace(/^Payment\s+/i, "");
  const value = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Record<string, unknown>;
  edit(value);
  return `Payment ${Buffer.from(JSON.stringify(value), "utf8").toString("base64url")}`;
}

/** A nested record of a decoded credential, for edits. */
export function field(value: Record<string, unknown>, ...path: string[]): Record<string, unknown> {
  let node: unknown = value;
  for (const key of path) node = (node as Record<string, unknown>)[key];
  return node as Record<string, unknown>;
}
