import { ANVIL, BASE, BASE_SEPOLIA, type Caip2, findAsset } from "@paymux/core";
import type { Address } from "viem";

/** What paymux's EVM schemes know about a network out of the box. */
export type EvmNetworkInfo = {
  network: Caip2;
  chainId: number;
  name: string;
  /** USDC on this network, when paymux knows it (local chains bring their own token in `assets`). */
  usdc?: { address: Address; eip712: { name: string; version: string } };
  /** Real money moves here. */
  mainnet: boolean;
};

function withUsdc(network: Caip2, chainId: number, name: string, mainnet: boolean): EvmNetworkInfo {
  const asset = findAsset(network, "USDC");
  return {
    network,
    chainId,
    name,
    mainnet,
    ...(asset?.eip712 ? { usdc: { address: asset.address as Address, eip712: asset.eip712 } } : {}),
  };
}

/**
 * EVM networks with a known USDC (from core's asset table, so the two never disagree), plus anvil's default
 * chain id. Any other `eip155:<id>` works when its token is passed in `assets`.
 */
export const EVM_NETWORKS: readonly EvmNetworkInfo[] = [
  withUsdc(BASE, 8453, "Base", true),
  withUsdc(BASE_SEPOLIA, 84532, "Base Sepolia", false),
  { network: ANVIL, chainId: 31337, name: "Local anvil", mainnet: false },
];
