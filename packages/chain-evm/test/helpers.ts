// Test helpers: every payment here travels through core's real codecs (header encode → decode), so the
// tests exercise what a server would receive, not hand-built Payment objects.
import {
  type AssetInfo,
  createPaymentChallenge,
  createPaymentCredential,
  createPaymentPayloadV2,
  createPaymentRequiredV2,
  decodePaymentCredential,
  decodePaymentRequired,
  decodePaymentSignature,
  encodePaymentCredential,
  encodePaymentRequired,
  encodePaymentSignature,
  formatExpiry,
  groupOffersForPaymentAuth,
  type Offer,
  type Payment,
  type PaymentContext,
  paymentFromCredential,
  paymentFromV2,
  readOffersV2,
  readPaymentAuthOffers,
  type SchemePayer,
} from "@paymux/core";
import type { LocalEvmChain } from "@paymux/testing/evm";
import type { Address } from "viem";
import { eip3009Abi } from "../src/abi.js";
import { evmDidPkh } from "../src/eip3009.js";

/** The local chain's test USDC as an asset entry (it is in no built-in table on chain 31337). */
export function localUsdc(local: LocalEvmChain): AssetInfo {
  return {
    network: local.caip2,
    address: local.usdc.address,
    symbol: "USDC",
    decimals: 6,
    usd: true,
    eip712: { name: local.usdc.name, version: local.usdc.version },
  };
}

/** Pays `serverOffer` in x402 v2 form: 402 header → client reads → signs → PAYMENT-SIGNATURE → server decodes. */
export async function payX402(payer: SchemePayer, serverOffer: Offer, context: Partial<PaymentContext> = {}) {
  const header = encodePaymentRequired(
    createPaymentRequiredV2({ resource: { url: "https://api.test/data" }, offers: [serverOffer] }),
  );
  const [received] = readOffersV2(decodePaymentRequired(header));
  if (received?.source.dialect !== "x402-v2") throw new Error("no v2 offer");
  const created = await payer.createPayload(received, { dialect: "x402-v2", ...context });
  const wire = encodePaymentSignature(createPaymentPayloadV2(received.source, created.payload));
  const payment: Payment = paymentFromV2(decodePaymentSignature(wire));
  return { payment, created, context: { dialect: "x402-v2" } as PaymentContext };
}

/** Options of {@link payPaymentAuth}. */
export type PayPaymentAuthOptions = {
  /** Send `source` as the payer's did:pkh (default true), or this exact string. */
  source?: boolean | string;
  expiresInSeconds?: number;
  realm?: string;
};

/** Pays `serverOffer` in IETF Payment form: WWW-Authenticate challenge → credential → Authorization → server decodes. */
export async function payPaymentAuth(
  payer: SchemePayer,
  serverOffer: Offer,
  chainId: number,
  options: PayPaymentAuthOptions = {},
) {
  const [group] = groupOffersForPaymentAuth([serverOffer]);
  if (!group) throw new Error("offer not expressible in IETF Payment");
  const challenge = await createPaymentChallenge({
    secret: "test-secret-test-secret-test-secret!",
    realm: options.realm ?? "api.test",
    method: group.method,
    request: group.request,
    expires: formatExpiry(Date.now() + (options.expiresInSeconds ?? 300) * 1000),
  });
  const received = readPaymentAuthOffers(challenge).find((offer) => offer.scheme === serverOffer.scheme);
  if (received?.source.dialect !== "payment-auth") throw new Error("no IETF offer");
  const bound = {
    id: challenge.id,
    realm: challenge.realm,
    ...(challenge.expires === undefined ? {} : { expires: challenge.expires }),
  };
  const created = await payer.createPayload(received, { dialect: "payment-auth", challenge: bound });
  const source =
    options.source === false
      ? undefined
      : typeof options.source === "string"
        ? options.source
        : evmDidPkh(chainId, created.payer);
  const header = encodePaymentCredential(createPaymentCredential(received.source, created.payload, source));
  const credential = decodePaymentCredential(header);
  const payment = paymentFromCredential(credential);
  const context: PaymentContext = { dialect: "payment-auth", challenge: bound };
  return { payment, created, context, credential };
}

/** Token balance of `owner`. */
export function balanceOf(local: LocalEvmChain, owner: Address, token: Address = local.usdc.address) {
  return local.publicClient.readContract({
    address: token,
    abi: eip3009Abi,
    functionName: "balanceOf",
    args: [owner],
  });
}

/** A copy of a payment whose payload is changed by `edit` (what a tampering client would send). */
export function withPayload(
  payment: Payment,
  edit: (payload: Record<string, unknown>) => Record<string, unknown>,
): Payment {
  return { ...payment, payload: edit(structuredClone({ ...payment.payload })) };
}
