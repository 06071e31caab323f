// A server that verifies and settles through a remote facilitator (`facilitator: <url>`), with the facilitator
// behind a fault proxy: down, slow, failing /verify or /settle, its /settle answer lost, down at start-up. The
// facilitator itself reaches anvil directly; only the server→facilitator hop is faulty.
import { describe, expect, it } from "vitest";
import {
  type HttpFault,
  type HttpFaultProxy,
  type HttpFaultSetting,
  startHttpFaultProxy,
} from "../proxy/index.js";
import { type FaultChains, startFaultChains } from "./chains.js";
import { serveFacilitator } from "./facilitator-http.js";
import { type PaidApp, send, servePaidApp } from "./harness.js";
import { expectRefused, expectUnavailable, useFaultSuite } from "./scenarios.js";

const suite = useFaultSuite(async (defer) => {
  const chains = await startFaultChains({ evm: true });
  defer(() => chains.close());
  const network = chains.local.evm?.caip2 as string;
  const facilitator = await serveFacilitator(chains.local.payees);
  defer(() => facilitator.close());
  const proxy: HttpFaultProxy = await startHttpFaultProxy({ target: facilitator.url });
  defer(() => proxy.close());
  const app = await serveRemote(chains, network, proxy.url);
  defer(() => app.close());
  return { chains, network, proxy, app };
});

/** A paid app whose payees are the facilitator's (at `url`) kinds, fetched at its first request. */
function serveRemote(chains: FaultChains, network: string, url: string): Promise<PaidApp> {
  const { local } = chains;
  return servePaidApp({
    payTo: local.payTo,
    networks: [network],
    assets: local.assets,
    // Tight, so the faults show within the suite's time; /settle is never retried by the client.
    facilitator: { url, timeoutMs: 1_000, settleTimeoutMs: 3_000, retries: 1, retryDelayMs: 20 },
  });
}

/** A fault at /verify: 503 problem with Retry-After, no handler, no transfer; then the credential pays once. */
const unavailableAtVerify = (fault: HttpFaultSetting) => suite.failsBeforeVerify(fault, expectUnavailable);

/** A fault at /settle: a 503 without content first; over every retry of the credential, paid and served at most once. */
const failsAtSettle = (fault: HttpFault, landed: boolean) =>
  suite.failsInSettlement(fault, landed, (first) => expectRefused(first, 503));

/** A second server, started while the facilitator is down (closed with the suite). */
async function startedWhileDown(): Promise<PaidApp> {
  suite.proxy.setFault("down");
  return suite.keep(await serveRemote(suite.chains, suite.network, suite.proxy.url));
}

describe("remote facilitator behind a fault proxy", () => {
  it("facilitator down: 503 + Retry-After, nothing served or moved; then the same credential pays once", async () => {
    await unavailableAtVerify("down");
  });

  it("facilitator slow under the timeout: pays normally", async () => {
    suite.proxy.setFault({ kind: "slow", ms: 300 });
    await suite.paysOnce(await suite.sign());
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
    const cold = await startedWhileDown();
    expectRefused(await send(cold.url, {}), 503);
  });

  it("a server started while the facilitator was down recovers when it is back", async () => {
    const cold = await startedWhileDown();
    const seen = await send(cold.url, {});
    expect(seen.served).toBe(false);
    expect(seen.status).toBeGreaterThanOrEqual(500);
    suite.proxy.setFault("none");
    expect((await send(cold.url, {})).status).toBe(402);
  });
});
