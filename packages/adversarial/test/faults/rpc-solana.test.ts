// Solana `exact` (sponsored SPL transfer) with the server's JSON-RPC behind a fault proxy: the LiteSVM RPC down,
// slow, hung, failing in the middle of settlement. Whatever breaks, nothing is served without a claimed,
// verified, settled payment, and no transaction moves money twice. Balances are read straight from the chain.
import type { SchemePayee } from "@paymux/core";
import { describe, expect, it } from "vitest";
import { solanaPayeeVia } from "./chains.js";
import { type PaidApp, send, servePayee } from "./harness.js";
import { RPC_ERROR, type RpcChain, rpcFaultTests, useRpcFaultSuite } from "./rpc-scenarios.js";
import { expectRefused } from "./scenarios.js";

const SOLANA: RpcChain = {
  chain: "solana",
  limit: "deadline",
  bound: "the deadline",
  slowMs: 200,
  send: "sendTransaction",
  confirm: "getSignatureStatuses",
  // kit's transport has no deadline of its own: this server adds 1 s per call, as an operator should.
  payee: (local, url) => solanaPayeeVia(local, url, { timeoutMs: 1_000, confirmTimeoutMs: 3_000 }),
};
const suite = useRpcFaultSuite(SOLANA);

/** Another paid app over `payee`, closed with the suite. */
const serveAnother = async (payee: SchemePayee): Promise<PaidApp> =>
  suite.keep(await servePayee(suite.chains.local, payee));

describe("Solana exact with the RPC behind a fault proxy", () => {
  rpcFaultTests(suite, SOLANA);

  // Only a preflight refusal (-32002) or a signature failure (-32003) says the transaction itself was refused;
  // -32603 "internal error" (or -32005 "node is behind") is the RPC's trouble: 503, the same credential comes
  // back. Found by this suite (any JSON-RPC error used to be a 402 "Settlement failed").
  it("answers 503 (not 402 transaction_failed) when sendTransaction answers -32603", async () => {
    const seen = await suite.answerUnder({ kind: "error", method: "sendTransaction", rpcError: RPC_ERROR });
    expect(seen.status).toBe(503);
  });

  // One failed getSignatureStatuses poll does not end the wait: polling goes on until its deadline. Found by this
  // suite (a one-off RPC error used to answer 503 although the transaction confirmed a moment later).
  it("one failed getSignatureStatuses poll does not fail a settlement that confirms", async () => {
    const seen = await suite.answerUnder({
      kind: "error",
      method: "getSignatureStatuses",
      nth: 1,
      rpcError: RPC_ERROR,
    });
    expect(seen.status).toBe(200);
  });

  // kit's default transport has no deadline, so exactSolanaPayee bounds every RPC call itself (`rpcTimeoutMs`,
  // default 10 s as viem's): a hung RPC cannot hold a paid request and its claim open. Found by this suite.
  it("answers within 4 s when a payee with kit's default transport meets a hung RPC", async () => {
    const raw = await solanaPayeeVia(suite.chains.local, suite.proxy.url, {
      confirmTimeoutMs: 3_000,
      rpcTimeoutMs: 1_000,
    });
    const bare = await serveAnother(raw);
    const headers = await suite.sign(bare);
    suite.proxy.setFault("hang");
    const seen = await send(bare.url, headers, 4_000);
    expect(seen.served).toBe(false);
  });

  // A cold server (no offers cached yet) whose Solana RPC is down cannot price the route: that is an outage (503
  // + Retry-After), not a misconfiguration (500). Found by this suite.
  it("answers 503 (not 500) when the RPC is down before the first offer was made", async () => {
    const cold = await serveAnother(await SOLANA.payee(suite.chains.local, suite.proxy.url));
    suite.proxy.setFault("down");
    expectRefused(await send(cold.url, {}), 503);
  });
});
