import { exactEvmPayer, pushEvmPayer } from "@paymux/chain-evm/client";
import { exactEvmPayee, pushEvmPayee } from "@paymux/chain-evm/server";
import { type AssetInfo, PaymuxError, parseUnits, type SchemePayee, type SchemePayer } from "@paymux/core";
import {
  createLocalWalletClient,
  fundEth,
  mintTestUsdc,
  startLocalEvmChain,
  testAccountFromPrivateKey,
  testUsdcAbi,
} from "@paymux/testing/evm";
import { type Address, isAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createSerialQueue } from "./serial.js";
import type { CreateLocalPayerParameters, LocalBalances, LocalEvmPayments, LocalPayer } from "./types.js";

/** The EVM half of the local payments: the chain, its payees, and how to fund payers on it. */
export type EvmPart = {
  handle: LocalEvmPayments;
  payees: SchemePayee[];
  createPayer(parameters: CreateLocalPayerParameters): Promise<Pick<LocalPayer, "evm" | "payers">>;
  balances(address: string): Promise<LocalBalances>;
  stop(): Promise<void>;
};

/** Default funding of a payer wallet, as decimal strings. */
const DEFAULT_ETH = "10";
const DEFAULT_USDC = "100";

/** Starts anvil with the test USDC and builds the `exact` and `push` payees around a fresh recipient. */
export async function startEvmPart(impersonate: "base-sepolia" | undefined): Promise<EvmPart> {
  // testing's own payer gets nothing: every paying wallet here is created by createPayer.
  const chain = await startLocalEvmChain({ ...(impersonate ? { impersonate } : {}), payerUsdc: 0n });
  const asset: AssetInfo = {
    network: chain.caip2,
    address: chain.usdc.address,
    symbol: chain.usdc.symbol,
    decimals: chain.usdc.decimals,
    usd: true,
    eip712: { name: chain.usdc.name, version: chain.usdc.version },
  };
  // Only the address is kept: the server needs somewhere to be paid, not a key to spend from.
  const recipient = privateKeyToAccount(generatePrivateKey()).address;
  const clients = { [chain.caip2]: chain.publicClient };
  const assets = [asset];
  const payees = [
    // The settler is anvil's dev account #1 (10,000 ETH), so gas for settlements is never short.
    exactEvmPayee({ clients, settler: chain.settler, assets }),
    pushEvmPayee({ clients, assets }),
  ];
  // One minter sending from one account: concurrent mints would race for the same nonce.
  const serial = createSerialQueue();

  return {
    handle: { ...chain, recipient, asset },
    payees,
    async createPayer(parameters) {
      const eth = parseUnits(parameters.eth ?? DEFAULT_ETH, 18);
      const usdc = parseUnits(parameters.usdc ?? DEFAULT_USDC, asset.decimals);
      const account = testAccountFromPrivateKey(generatePrivateKey());
      const source = { client: chain.publicClient };
      await fundEth({ ...source, address: account.address, value: eth });
      if (usdc > 0n) {
        await serial(() =>
          mintTestUsdc({
            ...source,
            token: chain.usdc.address,
            minter: chain.deployer,
            to: account.address,
            amount: usdc,
          }),
        );
      }
      const walletClient = createLocalWalletClient(chain.chain, account);
      const payers: SchemePayer[] = [
        // Pinned to the local network: an exact payer signs for any eip155 chain, and a local wallet must
        // never answer an offer on a public one.
        { ...exactEvmPayer({ signer: account, assets }), networks: [chain.caip2] },
        pushEvmPayer({ walletClient, publicClient: chain.publicClient }),
      ];
      return { evm: { address: account.address, privateKey: account.privateKey }, payers };
    },
    async balances(address) {
      if (!isAddress(address, { strict: false })) {
        throw new PaymuxError("SCHEMA_INVALID", "Not an EVM address", { context: { address } });
      }
      const owner = address as Address;
      const [native, usdc] = await Promise.all([
        chain.publicClient.getBalance({ address: owner }),
        chain.publicClient.readContract({
          address: chain.usdc.address,
          abi: testUsdcAbi,
          functionName: "balanceOf",
          args: [owner],
        }),
      ]);
      return { native, usdc };
    },
    stop: () => chain.stop(),
  };
}
