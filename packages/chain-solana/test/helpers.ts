// Test helpers: every payment travels through core's real codecs (header encode → decode), so the tests
// exercise what a server would receive, not hand-built Payment objects.
import {
  type AssetInfo,
  createPaymentChallenge,
  createPaymentCredential,
  createPaymentPayloadV2,
  createPaymentRequiredV2,
  decodeLegacyReceipt,
  decodePaymentCredential,
  decodePaymentRequest,
  decodePaymentRequired,
  decodePaymentSignature,
  encodeLegacyReceipt,
  encodePaymentCredential,
  encodePaymentRequest,
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
import {
  createLocalSolana,
  type LocalSolana,
  type StartedLocalSolana,
  startLocalSolana,
} from "@paymux/testing/solana";
import { type Address, createSolanaRpc, type Rpc, type SolanaRpcApi } from "@solana/kit";

/** The two ways the tests reach the local chain. */
export const TRANSPORTS = ["in-process", "http"] as const;

/** A local chain with the RPC the code under test uses (in-process transport or HTTP). */
export type Chain = { local: LocalSolana; rpc: Rpc<SolanaRpcApi>; close: () => Promise<void> };

/** Starts a local chain reached through `transport`. */
export async function startChain(transport: (typeof TRANSPORTS)[number]): Promise<Chain> {
  if (transport === "in-process") {
    const local = await createLocalSolana();
    return { local, rpc: local.rpc, close: async () => {} };
  }
  const local: StartedLocalSolana = await startLocalSolana();
  return { local, rpc: createSolanaRpc(local.url), close: () => local.close() };
}

/** The fixture USDC and Token-2022 mints as asset entries (they are in no built-in table on localnet). */
export function localAssets(local: LocalSolana): AssetInfo[] {
  return [
    {
      network: local.caip2,
      address: local.usdc.address,
      symbol: "USDC",
      decimals: 6,
      usd: true,
      tokenProgram: local.usdc.tokenProgram,
    },
    {
      network: local.caip2,
      address: local.token2022.address,
      symbol: "PYX",
      decimals: 6,
      usd: false,
      tokenProgram: local.token2022.tokenProgram,
    },
  ];
}

/** Pays `serverOffer` in x402 v2 form: 402 header → client reads → signs → PAYMENT-SIGNATURE → server decodes. */
export async function payX402(payer: SchemePayer, serverOffer: Offer) {
  const header = encodePaymentRequired(
    createPaymentRequiredV2({ resource: { url: "https://api.test/data" }, offers: [serverOffer] }),
  );
  const [received] = readOffersV2(decodePaymentRequired(header));
  if (received?.source.dialect !== "x402-v2") throw new Error("no v2 offer");
  const created = await payer.createPayload(received, { dialect: "x402-v2" });
  const wire = encodePaymentSignature(createPaymentPayloadV2(received.source, created.payload));
  const payment: Payment = paymentFromV2(decodePaymentSignature(wire));
  return { payment, created, context: { dialect: "x402-v2" } as PaymentContext };
}

/** Pays `serverOffer` in IETF Payment form: challenge → credential → Authorization → server decodes. */
export async function payPaymentAuth(payer: SchemePayer, serverOffer: Offer) {
  const [group] = groupOffersForPaymentAuth([serverOffer]);
  if (!group) throw new Error("offer not expressible in IETF Payment");
  const challenge = await createPaymentChallenge({
    secret: "test-secret-test-secret-test-secret!",
    realm: "api.test",
    method: group.method,
    request: group.request,
    expires: formatExpiry(Date.now() + 300_000),
  });
  const received = readPaymentAuthOffers(challenge).find((offer) => offer.scheme === serverOffer.scheme);
  if (received?.source.dialect !== "payment-auth") throw new Error("no IETF offer");
  const bound = {
    id: challenge.id,
    realm: challenge.realm,
    ...(group.request.externalId === undefined ? {} : { externalId: group.request.externalId }),
  };
  const created = await payer.createPayload(received, { dialect: "payment-auth", challenge: bound });
  const header = encodePaymentCredential(
    createPaymentCredential(received.source, created.payload, created.payer),
  );
  const payment = paymentFromCredential(decodePaymentCredential(header));
  const context: PaymentContext = { dialect: "payment-auth", challenge: bound };
  return { payment, created, context };
}

/** Pays a native-SOL push offer in the legacy `Payment-Request` / `Payment-Receipt` dialect. */
export async function payLegacy(payer: SchemePayer, serverOffer: Offer) {
  const received = decodePaymentRequest(encodePaymentRequest(serverOffer));
  const created = await payer.createPayload(received, { dialect: "payment-request" });
  const header = encodeLegacyReceipt({
    signature: created.payload["signature"] as string,
    network: serverOffer.network,
    amount: serverOffer.amount,
  });
  const payment = decodeLegacyReceipt(header);
  return { payment, created, context: { dialect: "payment-request" } as PaymentContext };
}

/** A copy of a payment whose payload is changed by `edit` (what a tampering client would send). */
export function withPayload(
  payment: Payment,
  edit: (payload: Record<string, unknown>) => Record<string, unknown>,
): Payment {
  return { ...payment, payload: edit(structuredClone({ ...payment.payload })) };
}

/** Lamports of an account. */
export async function lamports(rpc: Rpc<SolanaRpcApi>, address: Address): Promise<bigint> {
  return (await rpc.getBalance(address, { commitment: "confirmed" }).send()).value;
}
