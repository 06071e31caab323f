import { createPublicClient, defineChain, http } from "viem";
import { describe, expect, it } from "vitest";
import { createSendQueue, resolveConnections } from "./clients.js";
import { reasonFromRevert } from "./diagnose.js";

const chain = (id: number) =>
  defineChain({
    id,
    name: `c${id}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: ["http://127.0.0.1:1"] } },
  });

describe("payee configuration", () => {
  it("needs a client or URL per served network, on the right chain", () => {
    expect(() => resolveConnections({})).toThrowError(expect.objectContaining({ code: "CONFIG_INVALID" }));
    expect(() => resolveConnections({ networks: ["eip155:8453"] })).toThrowError(
      expect.objectContaining({ code: "CONFIG_INVALID" }),
    );
    const onBase = createPublicClient({ chain: chain(8453), transport: http("http://127.0.0.1:1") });
    expect(() => resolveConnections({ clients: { "eip155:84532": onBase } })).toThrowError(
      expect.objectContaining({ code: "CONFIG_INVALID" }),
    );
    expect(() =>
      resolveConnections({ rpcUrls: { "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp": "http://x" } }),
    ).toThrowError(expect.objectContaining({ code: "NETWORK_INVALID" }));
    const built = resolveConnections({ rpcUrls: { "eip155:84532": "http://127.0.0.1:1" } }).get(
      "eip155:84532",
    );
    expect(built?.chainId).toBe(84532);
    expect(built?.client.chain?.id).toBe(84532);
  });
});

describe("send queue", () => {
  it("runs sends of one key one after another, even when one fails", async () => {
    const queue = createSendQueue();
    const order: string[] = [];
    const slow =
      (name: string, ms: number, fail = false) =>
      () =>
        new Promise<string>((resolve, reject) =>
          setTimeout(() => {
            order.push(name);
            fail ? reject(new Error(name)) : resolve(name);
          }, ms),
        );
    const results = await Promise.allSettled([
      queue("k", slow("a", 30, true)),
      queue("k", slow("b", 1)),
      queue("other", slow("c", 5)),
    ]);
    expect(order).toEqual(["c", "a", "b"]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
  });
});

describe("revert mapping", () => {
  it("finds FiatToken revert strings anywhere in an error chain", () => {
    const nested = new Error("outer", {
      cause: { shortMessage: "x", cause: { reason: "FiatTokenV2: authorization is expired" } },
    });
    expect(reasonFromRevert(nested)?.reason).toBe("invalid_exact_evm_payload_authorization_valid_before");
    expect(reasonFromRevert(new Error("ERC20: transfer amount exceeds balance"))?.reason).toBe(
      "invalid_exact_evm_insufficient_balance",
    );
    expect(reasonFromRevert(new Error("something else"))).toBeUndefined();
  });
});
