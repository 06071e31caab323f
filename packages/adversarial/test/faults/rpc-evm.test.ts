// EVM `exact` (EIP-3009) with the server's JSON-RPC behind a fault proxy: anvil down, slow, hung, failing in the
// middle of settlement. Whatever breaks, nothing is served without a claimed, verified, settled payment, and no
// authorization moves money twice. Balances are read straight from anvil, never through the proxy.
import { describe, expect, it } from "vitest";
import { evmPayeeVia } from "./chains.js";
import { RPC_ERROR, type RpcChain, rpcFaultTests, useRpcFaultSuite } from "./rpc-scenarios.js";
import { expectUnavailable } from "./scenarios.js";

const EVM: RpcChain = {
  chain: "evm",
  limit: "timeout",
  bound: "the transport timeout",
  slowMs: 300,
  send: "eth_sendRawTransaction",
  confirm: "eth_getTransactionReceipt",
  // 1 s per call and no retry: a production-like bound that keeps this suite short (viem retries 3 times).
  payee: (local, url) =>
    evmPayeeVia(local, url, { timeoutMs: 1_000, retryCount: 0, receiptTimeoutMs: 3_000 }),
};
const suite = useRpcFaultSuite(EVM);

describe("EVM exact with the RPC behind a fault proxy", () => {
  rpcFaultTests(suite, EVM);

  // A JSON-RPC -32603 "internal error" on eth_sendRawTransaction (what hosted RPCs answer when unwell) is the
  // node's trouble, not a revert: viem wraps it as a reverted call, so only a revert with data or a reason counts
  // as the token's verdict. Found by this suite (it was answered 402 "Settlement failed" and recorded failed).
  it("answers 503 (not 402 simulation_failed) when the RPC fails eth_sendRawTransaction with -32603", async () => {
    const seen = await suite.answerUnder({
      kind: "error",
      method: "eth_sendRawTransaction",
      rpcError: RPC_ERROR,
    });
    expect(seen.status).toBe(503);
  });

  // A chain the payee cannot reach at verify time is no verdict on the payment (`unexpected_verify_error`): 503
  // with Retry-After, so the payer comes back with the same credential. Found by this suite (it was a 402).
  it("answers 503 with Retry-After (not 402) when the RPC is down at verify", async () => {
    expectUnavailable(await suite.answerUnder("down"));
  });
});
