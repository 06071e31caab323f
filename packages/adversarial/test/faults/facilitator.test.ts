// A server that verifies and settles through a remote facilitator (`facilitator: <url>`), with the facilitator
// behind a fault proxy: down, slow, failing /verify or /settle, its /settle answer lost, down at start-up. The
// facilitator itself reaches anvil directly; only the server→facilitator hop is faulty.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type HttpFault,
  type HttpFaultProxy,
  type HttpFaultSetting,
  startHttpFaultProxy,
} from "../proxy/index.js";
import { type FaultChains, startFaultChains } from "./chains.js";
import { type ServedFacilitator, serveFacilitator } from "./facilitator-http.js";
import {
  expectPaidAtMostOnce,
  isUnavailable,
  type PaidApp,
  type Seen,
  send,
  servePaidApp,
  signPayment,
} from "./harness.js";

const PRICE = 1_000n;
let chains: FaultChains;
let facilitator: ServedFacilitator;
let proxy: HttpFaultProxy;
let app: PaidApp;
let network: string;
const others: PaidApp[] = [];

beforeAll(async () => {
  chains = await startFaultChains({ evm: true });
  network = chains.local.evm?.caip2 as string;
  facilitator = await serveFacilitator(chains.local.payees);
  proxy = await startHttpFaultProxy({ target: facilitator.url });
  app = await serveRemote();
});

afterEach(() => proxy.setFault("none"));

afterAll(async () => {
  for (const other of others) await other.close();
  await app?.close();
  await proxy?.close();
  await facilitator?.close();
  await chains?.close();
});

/** A paid app whose payees are the facilitator's kinds, fetched at its first request. */
function serveRemote(): Promise<PaidApp> {
  const { local } = chains;
  return servePaidApp({
    payTo: local.payTo,
    networks: [network],
    assets: local.assets,
    // Tight, so the faults show within the suite's time; /settle is never retried by the client.
    facilitator: { url: proxy.url, timeoutMs: 1_000, settleTimeoutMs: 3_000, retries: 1, retryDelayMs: 20 },
  });
}

const sign = () => signPayment(app.url, { scheme: "exact", network }, chains.payer.payers);
const recipient = () => chains.recipientUsdc(network);

async function snapshot() {
  return { usdc: await recipient(), handled: app.handled(), settled: app.settled().length };
}

async function paysOnce(headers: Record<string, string>) {
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

/** A fault at /verify: 503 problem with Retry-After, no handler, no transfer; then the credential pays once. */
async function unavailableAtVerify(fault: HttpFaultSetting): Promise<Seen> {
  const headers = await sign();
  const before = await snapshot();
  proxy.setFault(fault);
  const seen = await send(app.url, headers);
  expect(isUnavailable(seen)).toBe(true);
  expect(await snapshot()).toEqual(before);
  proxy.setFault("none");
  await paysOnce(headers);
  return seen;
}

/** A fault at /settle: no content first; over every retry of the credential, paid and served at most once. */
async function failsAtSettle(fault: HttpFault, landed: boolean): Promise<Seen[]> {
  const headers = await sign();
  const before = await recipient();
  proxy.setFault(fault);
  const first = await send(app.url, headers);
  expect(first.served).toBe(false);
  expect(first.status).toBe(503);
  expect(await recipient()).toBe(before + (landed ? PRICE : 0n));
  proxy.setFault("none");
  const answers = [first, await send(app.url, headers), await send(app.url, headers)];
  expectPaidAtMostOnce(answers, (await recipient()) - before, PRICE, landed);
  await paysOnce(await sign());
  return answers;
}

describe("remote facilitator behind a fault proxy", () => {
  it("facilitator down: 503 + Retry-After, nothing served or moved; then the same credential pays once", async () => {
    await unavailableAtVerify("down");
  });

  it("facilitator slow under the timeout: pays normally", async () => {
    proxy.setFault({ kind: "slow", ms: 300 });
    await paysOnce(await sign());
  });

  it("facilitator slower than the timeout: 503, nothing served or moved; then it recovers", async () => {
    await unavailableAtVerify({ kind: "slow", ms: 1_500, path: "/verify" });
  });

  it("/verify answers 500: 503, nothing served or moved; then it recovers", async () => {
    await unavailableAtVerify({ kind: "error", status: 500, path: "/verify" });
  });

  it("/settle answers 502 (never reached the chain): no content, nothing moved, never paid twice", async () => {
    await failsAtSettle({ kind: "error", status: 502, path: "/settle" }, false);
  });

  it("/settle settles but its answer is lost: 503, the transfer lands once, the retry gets it", async () => {
    // The retry settles again through the facilitator, whose own store answers with the first settlement.
    const answers = await failsAtSettle({ kind: "drop-response", path: "/settle" }, true);
    expect(answers.some((answer) => answer.served)).toBe(true);
  });

  // A server whose facilitator is down when it starts (GET /supported fails) answers 503 + Retry-After, not 500
  // "configuration error", and recovers once the facilitator is back (start-up is retried per request).
  it("answers 503 (not 500) while the facilitator is down at start-up", async () => {
    proxy.setFault("down");
    const cold = await serveRemote();
    others.push(cold);
    const seen = await send(cold.url, {});
    expect(seen.served).toBe(false);
    expect(seen.status).toBe(503);
  });

  it("a server started while the facilitator was down recovers when it is back", async () => {
    proxy.setFault("down");
    const cold = await serveRemote();
    others.push(cold);
    const seen = await send(cold.url, {});
    expect(seen.served).toBe(false);
    expect(seen.status).toBeGreaterThanOrEqual(500);
    proxy.setFault("none");
    expect((await send(cold.url, {})).status).toBe(402);
  });
});
