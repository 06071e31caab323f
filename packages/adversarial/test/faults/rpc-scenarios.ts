// What the two RPC fault suites (rpc-evm.test.ts, rpc-solana.test.ts) share: a paid app whose one payee reaches
// its chain's JSON-RPC through the fault proxy, and the faults both chains must survive the same way: the RPC
// down, slow, slower than the server's bound on a call, or hung at verify; the broadcast failing or landing with
// its answer lost; the confirmation failing after the send. The chain-specific tests stay in their files.
import type { SchemePayee } from "@paymux/core";
import type { LocalPayments } from "@paymux/local";
import { expect, it } from "vitest";
import type { HttpFaultProxy, JsonRpcErrorObject } from "../proxy/index.js";
import { startFaultChains } from "./chains.js";
import { type Seen, servePayee } from "./harness.js";
import { type FaultSuite, useFaultSuite } from "./scenarios.js";

/** A JSON-RPC "internal error", what hosted RPCs answer when unwell. */
export const RPC_ERROR: JsonRpcErrorObject = { code: -32603, message: "injected: internal error" };

/** What differs between the chains under the same RPC faults. */
export type RpcChain = {
  chain: "evm" | "solana";
  /** The server's bound on one RPC call, as the test names call it. */
  limit: "timeout" | "deadline";
  /** What bounds a hung call, as the test names call it. */
  bound: string;
  /** A delay under `limit`: the payment goes through. */
  slowMs: number;
  /** The JSON-RPC method that broadcasts the settlement. */
  send: string;
  /** The JSON-RPC method that confirms the settlement after the send. */
  confirm: string;
  /** The payee of the suite's app, reaching the chain at `url` (the proxy) with the server's bounds. */
  payee(local: LocalPayments, url: string): SchemePayee | Promise<SchemePayee>;
};

/** A fault suite over the chain's RPC proxy. */
export type RpcFaultSuite = FaultSuite<HttpFaultProxy>;

/** Starts the chain, its RPC proxy and a paid app over `rpc.payee` for the calling file. */
export function useRpcFaultSuite(rpc: RpcChain): RpcFaultSuite {
  return useFaultSuite(async (defer) => {
    const chains = await startFaultChains(rpc.chain === "evm" ? { evm: true } : { solana: true });
    defer(() => chains.close());
    const proxy = (rpc.chain === "evm" ? chains.evmProxy : chains.solanaProxy) as HttpFaultProxy;
    const network = chains.local[rpc.chain]?.caip2 as string;
    const app = await servePayee(chains.local, await rpc.payee(chains.local, proxy.url));
    defer(() => app.close());
    return { chains, network, proxy, app };
  });
}

/** The tests both chains pass the same way, named with the chain's own words and methods. */
export function rpcFaultTests(suite: RpcFaultSuite, rpc: RpcChain): void {
  /** A settlement that landed although its first answer failed: that answer is a 503, a retry gets content. */
  const expectServedOnRetry = (answers: Seen[]) => {
    expect(answers[0]?.status).toBe(503);
    expect(answers.some((answer) => answer.served)).toBe(true);
  };

  it("RPC down at verify: nothing served or moved, and the same credential then pays once", async () => {
    await suite.failsBeforeVerify("down");
  });

  it(`RPC slow under the ${rpc.limit}: pays normally`, async () => {
    suite.proxy.setFault({ kind: "slow", ms: rpc.slowMs });
    await suite.paysOnce(await suite.sign());
  });

  it(`RPC slower than the ${rpc.limit}: nothing served or moved, then the same credential pays once`, async () => {
    await suite.failsBeforeVerify({ kind: "slow", ms: 1_500 });
  });

  it(`RPC hung: ${rpc.bound} bounds the answer; nothing served; then the credential pays once`, async () => {
    const seen = await suite.failsBeforeVerify("hang");
    expect(seen.ms).toBeLessThan(10_000);
  });

  it(`${rpc.send} answers HTTP 503: nothing served, nothing moved, never paid twice`, async () => {
    await suite.failsInSettlement({ kind: "error", method: rpc.send, status: 503 }, false);
  });

  it(`${rpc.send} answers a JSON-RPC error: nothing served, nothing moved, never paid twice`, async () => {
    await suite.failsInSettlement({ kind: "error", method: rpc.send, rpcError: RPC_ERROR }, false);
  });

  // Core answers 503 "retry with the same credential"; the payee's `confirm` finds the landed transfer on chain
  // (EVM: the authorization's use; Solana: the transaction), so the retry is served without a second send.
  it(`${rpc.send} lands but its answer is lost: 503, the transfer lands once, the retry gets it`, async () => {
    expectServedOnRetry(await suite.failsInSettlement({ kind: "drop-response", method: rpc.send }, true));
  });

  it(`${rpc.confirm} fails after the send: 503, the transfer lands once, the retry gets it`, async () => {
    expectServedOnRetry(
      await suite.failsInSettlement({ kind: "error", method: rpc.confirm, rpcError: RPC_ERROR }, true),
    );
  });
}
