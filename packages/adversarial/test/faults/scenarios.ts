// What the fault suites share beyond the app (harness.ts): a suite's life (started once, its fault healed after
// every test, everything it started closed after the last one, last started first), the payer's view of the
// paid app (a signed credential, the recipient's balance, a snapshot), and the scenarios every fault is judged
// by: a credential that pays exactly once; a fault before verification that serves and moves nothing and leaves
// the credential usable; a fault during settlement after which, over every retry, content comes at most once
// and money moves at most once.
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type { FaultChains } from "./chains.js";
import {
  expectPaidAtMostOnce,
  isUnavailable,
  type PaidApp,
  type Seen,
  send,
  signPayment,
} from "./harness.js";

/** "$0.001", the paid route's default price, in the test USDC's 6 decimals. */
export const PRICE = 1_000n;

/** A fault proxy (HTTP or TCP): `setFault("none")` heals it. */
export type Healable = { setFault(fault: "none"): void };

/** What a proxy's `setFault` takes. */
export type FaultOf<P extends Healable> = Parameters<P["setFault"]>[0];

/** What a suite runs against once started: the chains, the paid network, the proxy in the way, the app. */
export type FaultRig<P extends Healable> = { chains: FaultChains; network: string; proxy: P; app: PaidApp };

/** Registers `close` to run after the suite's last test (after a failed start too), last registered first. */
export type Defer = (close: () => Promise<void> | void) => void;

/** Judges the first answer to a faulty request. */
export type Judge = (seen: Seen) => void;

/** A started suite: its rig and the scenarios over it. */
export type FaultSuite<P extends Healable> = FaultRig<P> & {
  /** Closes `app` with the suite (after the tests, before what was started earlier) and returns it. */
  keep(app: PaidApp): PaidApp;
  /** A fresh credential for `on` (the suite's app unless told): x402 v2 `exact` on the suite's network. */
  sign(on?: PaidApp): Promise<Record<string, string>>;
  /** The recipient's USDC, read straight from the chain. */
  recipient(): Promise<bigint>;
  /** Recipient balance, handler count and settlements now, to compare after a step. */
  snapshot(): Promise<{ usdc: bigint; handled: number; settled: number }>;
  /** The headers must now pay exactly once: 200 with content, one transfer; their replay is refused. */
  paysOnce(headers: Record<string, string>): Promise<void>;
  /**
   * A fault before verification completes: the first answer passes `judge` (no content and an error status
   * unless told); no handler, no transfer; with the fault healed, the same credential pays once.
   */
  failsBeforeVerify(fault: FaultOf<P>, judge?: Judge): Promise<Seen>;
  /**
   * A fault during settlement: the first answer passes `judge` (no content and an error status unless told)
   * and the transfer landed or not, as said; then the same credential is retried twice with the fault healed.
   * Over all answers: content at most once, and only if the transfer landed, once. Whatever happened to that
   * credential, the payee then still works for the next one.
   */
  failsInSettlement(fault: FaultOf<P>, landed: boolean, judge?: Judge): Promise<Seen[]>;
  /** The answer to a fresh credential sent under `fault` (signed before the fault is set). */
  answerUnder(fault: FaultOf<P>): Promise<Seen>;
};

/** No content, and an error status: `status` exactly when given, any ≥ 400 otherwise. */
export function expectRefused(seen: Seen, status?: number): void {
  expect(seen.served).toBe(false);
  if (status === undefined) expect(seen.status).toBeGreaterThanOrEqual(400);
  else expect(seen.status).toBe(status);
}

/** The unavailable answer (harness.ts `isUnavailable`): 503, a problem body, Retry-After, no content. */
export function expectUnavailable(seen: Seen): void {
  expect(isUnavailable(seen)).toBe(true);
}

/**
 * Registers the suite's hooks in the calling file (or describe): `start` runs before its first test, the
 * proxy's fault is cleared after every test, and what `start` deferred is closed after the last.
 */
export function useFaultSuite<P extends Healable>(
  start: (defer: Defer) => Promise<FaultRig<P>>,
): FaultSuite<P> {
  let rig: FaultRig<P> | undefined;
  const closers: (() => Promise<void> | void)[] = [];
  const defer: Defer = (close) => {
    closers.push(close);
  };
  beforeAll(async () => {
    rig = await start(defer);
  });
  afterEach(() => rig?.proxy.setFault("none"));
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  const live = (): FaultRig<P> => {
    if (!rig) throw new Error("the fault suite has not started");
    return rig;
  };
  const sign = (on?: PaidApp) =>
    signPayment(
      (on ?? live().app).url,
      { scheme: "exact", network: live().network },
      live().chains.payer.payers,
    );
  const recipient = () => live().chains.recipientUsdc(live().network);
  const snapshot = async () => ({
    usdc: await recipient(),
    handled: live().app.handled(),
    settled: live().app.settled().length,
  });

  /** A fresh credential; `measure` read before the fault is set; the credential's first answer under it. */
  async function firstUnder<T>(fault: FaultOf<P>, measure: () => Promise<T>) {
    const headers = await sign();
    const before = await measure();
    (live().proxy.setFault as (fault: FaultOf<P>) => void)(fault);
    const first = await send(live().app.url, headers);
    return { headers, before, first };
  }

  async function paysOnce(headers: Record<string, string>) {
    const { app } = live();
    const before = await snapshot();
    const paid = await send(app.url, headers);
    expect(paid.status).toBe(200);
    expect(paid.served).toBe(true);
    const replay = await send(app.url, headers);
    expect(replay.status).toBe(402);
    expect(replay.served).toBe(false);
    const after = await snapshot();
    expect(after.usdc - before.usdc).toBe(PRICE);
    expect(after.handled - before.handled).toBe(1);
    expect(after.settled - before.settled).toBe(1);
  }

  return {
    get chains() {
      return live().chains;
    },
    get network() {
      return live().network;
    },
    get proxy() {
      return live().proxy;
    },
    get app() {
      return live().app;
    },
    keep(app) {
      defer(() => app.close());
      return app;
    },
    sign,
    recipient,
    snapshot,
    paysOnce,
    async failsBeforeVerify(fault, judge = expectRefused) {
      const { headers, before, first } = await firstUnder(fault, snapshot);
      judge(first);
      expect(await snapshot()).toEqual(before);
      live().proxy.setFault("none");
      await paysOnce(headers);
      return first;
    },
    async failsInSettlement(fault, landed, judge = expectRefused) {
      const { headers, before, first } = await firstUnder(fault, recipient);
      judge(first);
      expect(await recipient()).toBe(before + (landed ? PRICE : 0n));
      live().proxy.setFault("none");
      const { url } = live().app;
      const answers = [first, await send(url, headers), await send(url, headers)];
      expectPaidAtMostOnce(answers, (await recipient()) - before, PRICE, landed);
      await paysOnce(await sign());
      return answers;
    },
    async answerUnder(fault) {
      return (await firstUnder(fault, async () => undefined)).first;
    },
  };
}
