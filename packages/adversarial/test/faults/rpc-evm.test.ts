// EVM `exact` (EIP-3009) with the server's JSON-RPC behind a fault proxy: anvil down, slow, hung, failing in the
// middle of settlement. Whatever breaks, nothing is served without a claimed, verified, settled payment, and no
// authorization moves money twice. Balances are read straight from anvil, never through the proxy.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { HttpFault, HttpFaultProxy, HttpFaultSetting } from "../proxy/index.js";
import { evmPayeeVia, type FaultChains, startFaultChains } from "./chains.js";
import {
  expectPaidAtMostOnce,
  isUnavailable,
  type PaidApp,
  type Seen,
  send,
  servePaidApp,
  signPayment,
} from "./harness.js";

const PRICE = 1_000n; // "$0.001" in the test USDC's 6 decimals
let chains: FaultChains;
let proxy: HttpFaultProxy;
let app: PaidApp;
let network: string;

beforeAll(async () => {
  chains = await startFaultChains({ evm: true });
  proxy = chains.evmProxy as HttpFaultProxy;
  network = chains.local.evm?.caip2 as string;
  const { local } = chains;
  // 1 s per call and no retry: a production-like bound that keeps this suite short (viem retries 3 times).
  const payee = evmPayeeVia(local, proxy.url, { timeoutMs: 1_000, retryCount: 0, receiptTimeoutMs: 3_000 });
  app = await servePaidApp({
    payees: [payee],
    payTo: local.payTo,
    networks: local.networks,
    assets: local.assets,
  });
});

afterEach(() => proxy.setFault("none"));

afterAll(async () => {
  await app?.close();
  await chains?.close();
});

const sign = () => signPayment(app.url, { scheme: "exact", network }, chains.payer.payers);
const recipient = () => chains.recipientUsdc(network);

/** Recipient balance, handler count and settlements now, to compare after a step. */
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
  // Whatever happened to that credential, the payee still works for the next one.
  await paysOnce(await sign());
  return answers;
}

const rpcError = { code: -32603, message: "injected: internal error" };

describe("EVM exact with the RPC behind a fault proxy", () => {
  it("RPC down at verify: nothing served or moved, and the same credential then pays once", async () => {
    await failsBeforeVerify("down");
  });

  it("RPC slow under the timeout: pays normally", async () => {
    proxy.setFault({ kind: "slow", ms: 300 });
    await paysOnce(await sign());
  });

  it("RPC slower than the timeout: nothing served or moved, then the same credential pays once", async () => {
    await failsBeforeVerify({ kind: "slow", ms: 1_500 });
  });

  it("RPC hung: the transport timeout bounds the answer; nothing served; then the credential pays once", async () => {
    const seen = await failsBeforeVerify("hang");
    expect(seen.ms).toBeLessThan(10_000);
  });

  it("eth_sendRawTransaction answers HTTP 503: nothing served, nothing moved, never paid twice", async () => {
    await failsInSettlement({ kind: "error", method: "eth_sendRawTransaction", status: 503 }, false);
  });

  it("eth_sendRawTransaction answers a JSON-RPC error: nothing served, nothing moved, never paid twice", async () => {
    await failsInSettlement({ kind: "error", method: "eth_sendRawTransaction", rpcError }, false);
  });

  it("eth_sendRawTransaction lands but its answer is lost: 503, the transfer lands once, the retry gets it", async () => {
    // The payee's `confirm` finds the authorization's use on chain: the retry is served without a second send.
    const answers = await failsInSettlement(
      { kind: "drop-response", method: "eth_sendRawTransaction" },
      true,
    );
    expect(answers[0]?.status).toBe(503);
    expect(answers.some((answer) => answer.served)).toBe(true);
  });

  it("eth_getTransactionReceipt fails after the send: 503, the transfer lands once, the retry gets it", async () => {
    const answers = await failsInSettlement(
      { kind: "error", method: "eth_getTransactionReceipt", rpcError },
      true,
    );
    expect(answers[0]?.status).toBe(503);
    expect(answers.some((answer) => answer.served)).toBe(true);
  });

  // A JSON-RPC -32603 "internal error" on eth_sendRawTransaction (what hosted RPCs answer when unwell) is the
  // node's trouble, not a revert: viem wraps it as a reverted call, so only a revert with data or a reason counts
  // as the token's verdict. Found by this suite (it was answered 402 "Settlement failed" and recorded failed).
  it("answers 503 (not 402 simulation_failed) when the RPC fails eth_sendRawTransaction with -32603", async () => {
    const headers = await sign();
    proxy.setFault({ kind: "error", method: "eth_sendRawTransaction", rpcError });
    expect((await send(app.url, headers)).status).toBe(503);
  });

  // A chain the payee cannot reach at verify time is no verdict on the payment (`unexpected_verify_error`): 503
  // with Retry-After, so the payer comes back with the same credential. Found by this suite (it was a 402).
  it("answers 503 with Retry-After (not 402) when the RPC is down at verify", async () => {
    const headers = await sign();
    proxy.setFault("down");
    expect(isUnavailable(await send(app.url, headers))).toBe(true);
  });
});
