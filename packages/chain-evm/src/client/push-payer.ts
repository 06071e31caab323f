import {
  type CreatedPayload,
  evmChainId,
  type Offer,
  type PaymentContext,
  PaymuxError,
  type SchemePayer,
} from "@paymux/core";
import {
  type Account,
  type Chain,
  type Client,
  getAddress,
  type Hash,
  isAddress,
  type Transport,
} from "viem";
import { getChainId, waitForTransactionReceipt, writeContract } from "viem/actions";
import { eip3009Abi } from "../abi.js";

/** Options of {@link pushEvmPayer}. */
export type PushEvmPayerParameters = {
  /** Sends the transfer; needs an account (it pays gas). */
  walletClient: Client<Transport, Chain | undefined, Account | undefined>;
  /** Reads the receipt (often the same node as the wallet client). */
  publicClient: Client<Transport, Chain | undefined>;
};

/**
 * Payer of the `push` scheme (IETF Payment `evm` credential type `hash`): broadcasts an ERC-20
 * `transfer(payTo, amount)` itself, waits until it succeeded, and hands over the transaction hash.
 * Funds move before the server has verified anything, so only use it with servers you trust to deliver.
 */
export function pushEvmPayer(parameters: PushEvmPayerParameters): SchemePayer {
  const { walletClient, publicClient } = parameters;
  const chain = walletClient.chain;
  return {
    scheme: "push",
    networks: chain ? [`eip155:${chain.id}`] : ["eip155:*"],
    async createPayload(offer: Offer, _context: PaymentContext): Promise<CreatedPayload> {
      const account = walletClient.account;
      if (!account) {
        throw new PaymuxError("CONFIG_INVALID", "The wallet client has no account: create it with `account`");
      }
      if (offer.scheme !== "push") {
        throw new PaymuxError("SCHEME_UNSUPPORTED", "pushEvmPayer pays `push` offers only");
      }
      const chainId = evmChainId(offer.network);
      if (offer.amount <= 0n) throw new PaymuxError("AMOUNT_INVALID", "Refusing to send a zero transfer");
      if (!isAddress(offer.asset, { strict: false }) || !isAddress(offer.payTo, { strict: false })) {
        throw new PaymuxError("SCHEMA_INVALID", "The offer's asset or payTo is not an EVM address");
      }
      // A wallet on the wrong chain would send real funds to the right address on another network.
      const walletChainId = chain?.id ?? (await getChainId(walletClient));
      if (walletChainId !== chainId) {
        throw new PaymuxError("NETWORK_INVALID", "The wallet client is on another chain than the offer", {
          context: { offer: offer.network, wallet: walletChainId },
        });
      }
      let hash: Hash;
      try {
        hash = await writeContract(walletClient, {
          address: getAddress(offer.asset.toLowerCase()),
          abi: eip3009Abi,
          functionName: "transfer",
          args: [getAddress(offer.payTo.toLowerCase()), offer.amount],
          account,
          chain: chain ?? null,
        });
      } catch (cause) {
        throw new PaymuxError("CHAIN_ERROR", "The transfer could not be sent", { cause });
      }
      const receipt = await waitForTransactionReceipt(publicClient, { hash });
      if (receipt.status !== "success") {
        throw new PaymuxError("CHAIN_ERROR", "The transfer reverted", { context: { transaction: hash } });
      }
      return { payload: { hash }, payer: getAddress(account.address.toLowerCase()) };
    },
  };
}
