import { describe, expect, it } from "vitest";
import { PaymuxError } from "../errors/index.js";
import { findAsset, KNOWN_ASSETS, sameAsset, usdAsset } from "./assets.js";
import { evmChainId, formatCaip2, isCaip2, matchNetworkPattern, parseCaip2 } from "./caip2.js";
import {
  caip2ToSolanaCluster,
  caip2ToV1Network,
  isMainnet,
  resolveNetwork,
  SOLANA_DEVNET,
  SOLANA_LOCALNET,
  SOLANA_MAINNET,
  solanaClusterToCaip2,
  v1NetworkToCaip2,
} from "./known.js";

describe("CAIP-2", () => {
  it("parses and formats", () => {
    expect(parseCaip2("eip155:8453")).toEqual({ namespace: "eip155", reference: "8453" });
    expect(parseCaip2(SOLANA_MAINNET).reference).toBe("5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp");
    expect(formatCaip2("eip155", 84532)).toBe("eip155:84532");
    expect(isCaip2("base")).toBe(false);
  });

  it.each([
    "base",
    "eip155",
    ":1",
    "EIP155:1",
    "eip155:",
    "e:1",
    "eip155:1:2",
    `eip155:${"1".repeat(33)}`,
    "eip155: 1",
  ])("refuses %j", (value) => {
    expect(() => parseCaip2(value)).toThrowError(PaymuxError);
  });

  it("reads EVM chain ids strictly", () => {
    expect(evmChainId("eip155:84532")).toBe(84532);
    for (const bad of ["solana:1", "eip155:01", "eip155:abc", "eip155:99999999999999999"]) {
      expect(() => evmChainId(bad)).toThrowError(PaymuxError);
    }
  });

  it("ranks patterns: exact > namespace wildcard > any", () => {
    expect(matchNetworkPattern("eip155:8453", "eip155:8453")).toBe(2);
    expect(matchNetworkPattern("eip155:*", "eip155:8453")).toBe(1);
    expect(matchNetworkPattern("*", "eip155:8453")).toBe(0);
    expect(matchNetworkPattern("solana:*", "eip155:8453")).toBe(-1);
    expect(matchNetworkPattern("eip155:*", "eip1555:1")).toBe(-1);
  });
});

describe("network names", () => {
  it("maps x402 v1 names both ways", () => {
    expect(v1NetworkToCaip2("base-sepolia")).toBe("eip155:84532");
    expect(v1NetworkToCaip2("solana-devnet")).toBe(SOLANA_DEVNET);
    expect(caip2ToV1Network("eip155:8453")).toBe("base");
    expect(caip2ToV1Network("eip155:31337")).toBeUndefined();
  });

  it("maps Solana cluster names, accepting mainnet-beta and emitting mainnet", () => {
    expect(solanaClusterToCaip2("mainnet-beta")).toBe(SOLANA_MAINNET);
    expect(solanaClusterToCaip2("mainnet")).toBe(SOLANA_MAINNET);
    expect(solanaClusterToCaip2("localnet")).toBe(SOLANA_LOCALNET);
    expect(caip2ToSolanaCluster(SOLANA_MAINNET)).toBe("mainnet");
    expect(caip2ToSolanaCluster("eip155:1")).toBeUndefined();
  });

  it("resolves any spelling", () => {
    expect(resolveNetwork("base")).toBe("eip155:8453");
    expect(resolveNetwork("devnet")).toBe(SOLANA_DEVNET);
    expect(resolveNetwork("eip155:10")).toBe("eip155:10");
    expect(resolveNetwork("atlantis")).toBeUndefined();
  });

  it("knows which networks move real money", () => {
    expect(isMainnet("eip155:8453")).toBe(true);
    expect(isMainnet(SOLANA_MAINNET)).toBe(true);
    expect(isMainnet("eip155:84532")).toBe(false);
    expect(isMainnet(SOLANA_LOCALNET)).toBe(false);
  });
});

describe("assets", () => {
  it("has USDC with the right EIP-712 domains (mainnet 'USD Coin', Sepolia 'USDC')", () => {
    expect(findAsset("eip155:8453", "USDC")?.eip712).toEqual({ name: "USD Coin", version: "2" });
    expect(findAsset("eip155:84532", "0x036cbd53842c5426634e7929541ec2318f3dcf7e")?.eip712).toEqual({
      name: "USDC",
      version: "2",
    });
    expect(findAsset(SOLANA_DEVNET, "USDC")?.address).toBe("4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU");
    expect(findAsset(SOLANA_MAINNET, "sol")?.decimals).toBe(9);
    expect(KNOWN_ASSETS.every((asset) => isCaip2(asset.network))).toBe(true);
  });

  it("prefers caller-supplied assets and finds USD stablecoins", () => {
    const local = {
      network: "eip155:31337" as const,
      address: "0xabc",
      symbol: "USDC",
      decimals: 6,
      usd: true,
    };
    expect(findAsset("eip155:31337", "usdc", [local])).toBe(local);
    expect(usdAsset("eip155:31337", [local])).toBe(local);
    expect(() => usdAsset("eip155:31337")).toThrowError(expect.objectContaining({ code: "ASSET_UNKNOWN" }));
  });

  it("compares EVM addresses by value and mints exactly", () => {
    expect(sameAsset("0xABC", "0xabc")).toBe(true);
    expect(sameAsset("AbC", "abc")).toBe(false);
  });
});
