// Solana `exact` (sponsored SPL transfer) with the server's JSON-RPC behind a fault proxy: the LiteSVM RPC down,
// slow, hung, failing in the middle of settlement. Whatever breaks, nothing is served without a claimed,
// verified, settled payment, and no transaction moves money twice. Balances are read straight from the chain.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { HttpFault, HttpFaultProxy, HttpFaultSetting } from "../proxy/index.js";
import { type FaultChains, solanaPayeeVia, startFaultChains } from "./chains.js";
import { expectPaidAtMostOnce, type PaidApp, type Seen, send, servePaidApp, signPayment } from "./harness.js";

const PRICE = 1_000n; // "$0.001" in USDC's 6 decimals
let chains: FaultChains;
let proxy: HttpFaultProxy;
let app: PaidApp;
let network: string;
const others: PaidApp[] = [];

beforeAll(async () => {
  chains = await startFaultChains({ solana: true });
  proxy = chains.solanaProxy as HttpFaultProxy;
  network = chains.local.solana?.caip2 as string;
  // kit's transport has no deadline of its own: this server adds 1 s per call, as an operator should.
  const payee = await solanaPayeeVia(chains.local, proxy.url, { timeoutMs: 1_000, confirmTimeoutMs: 3_000 });
  app = await serve(payee);
});

afterEach(() => proxy.setFault("none"));

afterAll(async () => {
  for (const other of others) await other.close();
  await app?.close();
  await chains?.close();
});

function serve(payee: Awaited<ReturnType<typeof solanaPayeeVia>>): Promise<PaidApp> {
  const { local } = chains;
  return servePaidApp({
    payees: [payee],
    payTo: local.payTo,
    networks: local.networks,
    assets: local.assets,
  });
}

const sign = (on: PaidApp = app) => signPayment(on.url, { scheme: "exact", network }, chains.payer.payers);
const recipient = () => chains.recipientUsdc(network);

async function snapshot() {
  return { usdc: await recipient(), handled: app.handled(), settled: app.settled().length };
}

/** The headers must now pay exactly once: 200 with content, one transfer; their replay is refused. */
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

/** A fault before verification completes: no content, no handler, no transfer; the credential stays usable. */
async function failsBeforeVerify(fault: HttpFaultSetting): Promise<Seen> {
  const headers = await sign();
  const before = await snapshot();
  proxy.setFault(fault);
  const seen = await send(app.url, headers);
  expect(seen.served).toBe(false);
  expect(seen.status).toBeGreaterThanOrEqual(400);
  expect(await snapshot()).toEqual(before);
  proxy.setFault("none");
  await paysOnce(headers);
  return seen;
}

/**
 * A fault during settlement: the first answer carries no content; then the same credential is retried twice
 * with the fault gone. Over all answers: content at most once, and only if the transfer landed, once.
 */
async function failsInSettlement(fault: HttpFault, landed: boolean): Promise<Seen[]> {
  const headers = await sign();
  const before = await recipient();
  proxy.setFault(fault);
  const first = await send(app.url, headers);
  expect(first.served).toBe(false);
  expect(first.status).toBeGreaterThanOrEqual(400);
  expect(await recipient()).toBe(before + (landed ? PRICE : 0n));
  proxy.setFault("none");
  const answers = [first, await send(app.url, headers), await send(app.url, headers)];
  expectPaidAtMostOnce(answers, (await recipient()) - before, PRICE, landed);
  await paysOnce(await sign());
  return answers;
}

const rpcError = { code: -32603, message: "injected: internal error" };

describe("Solana exact with the RPC behind a fault proxy", () => {
  it("RPC down at verify: nothing served or moved, and the same credential then pays once", async () => {
    await failsBeforeVerify("down");
  });

  it("RPC slow under the deadline: pays normally", async () => {
    proxy.setFault({ kind: "slow", ms: 200 });
    await paysOnce(await sign());
  });

  it("RPC slower than the deadline: nothing served or moved, then the same credential pays once", async () => {
    await failsBeforeVerify({ kind: "slow", ms: 1_500 });
  });

  it("RPC hung: the deadline bounds the answer; nothing served; then the credential pays once", async () => {
    const seen = await failsBeforeVerify("hang");
    expect(seen.ms).toBeLessThan(10_000);
  });

  it("sendTransaction answers HTTP 503: nothing served, nothing moved, never paid twice", async () => {
    await failsInSettlement({ kind: "error", method: "sendTransaction", status: 503 }, false);
  });

  it("sendTransaction answers a JSON-RPC error: nothing served, nothing moved, never paid twice", async () => {
    await failsInSettlement({ kind: "error", method: "sendTransaction", rpcError }, false);
  });

  it("getSignatureStatuses fails after the send: 503, the transfer lands once, the retry gets it", async () => {
    // Core answers 503 "retry with the same credential"; the payee's `confirm` reads the landed transaction.
    const answers = await failsInSettlement(
      { kind: "error", method: "getSignatureStatuses", rpcError },
      true,
    );
    expect(answers[0]?.status).toBe(503);
    expect(answers.some((answer) => answer.served)).toBe(true);
  });

  it("sendTransaction lands but its answer is lost: 503, the transfer lands once, the retry gets it", async () => {
    const answers = await failsInSettlement({ kind: "drop-response", method: "sendTransaction" }, true);
    expect(answers[0]?.status).toBe(503);
    expect(answers.some((answer) => answer.served)).toBe(true);
  });

  // Only a preflight refusal (-32002) or a signature failure (-32003) says the transaction itself was refused;
  // -32603 "internal error" (or -32005 "node is behind") is the RPC's trouble: 503, the same credential comes
  // back. Found by this suite (any JSON-RPC error used to be a 402 "Settlement failed").
  it("answers 503 (not 402 transaction_failed) when sendTransaction answers -32603", async () => {
    const headers = await sign();
    proxy.setFault({ kind: "error", method: "sendTransaction", rpcError });
    expect((await send(app.url, headers)).status).toBe(503);
  });

  // One failed getSignatureStatuses poll does not end the wait: polling goes on until its deadline. Found by this
  // suite (a one-off RPC error used to answer 503 although the transaction confirmed a moment later).
  it("one failed getSignatureStatuses poll does not fail a settlement that confirms", async () => {
    const headers = await sign();
    proxy.setFault({ kind: "error", method: "getSignatureStatuses", nth: 1, rpcError });
    expect((await send(app.url, headers)).status).toBe(200);
  });

  // kit's default transport has no deadline, so exactSolanaPayee bounds every RPC call itself (`rpcTimeoutMs`,
  // default 10 s as viem's): a hung RPC cannot hold a paid request and its claim open. Found by this suite.
  it("answers within 4 s when a payee with kit's default transport meets a hung RPC", async () => {
    const raw = await solanaPayeeVia(chains.local, proxy.url, {
      confirmTimeoutMs: 3_000,
      rpcTimeoutMs: 1_000,
    });
    const bare = await serve(raw);
    others.push(bare);
    const headers = await sign(bare);
    proxy.setFault("hang");
    const seen = await send(bare.url, headers, 4_000);
    expect(seen.served).toBe(false);
  });

  // A cold server (no offers cached yet) whose Solana RPC is down cannot price the route: that is an outage (503
  // + Retry-After), not a misconfiguration (500). Found by this suite.
  it("answers 503 (not 500) when the RPC is down before the first offer was made", async () => {
    const cold = await serve(
      await solanaPayeeVia(chains.local, proxy.url, { timeoutMs: 1_000, confirmTimeoutMs: 3_000 }),
    );
    others.push(cold);
    proxy.setFault("down");
    const seen = await send(cold.url, {});
    expect(seen.served).toBe(false);
    expect(seen.status).toBe(503);
  });
});
