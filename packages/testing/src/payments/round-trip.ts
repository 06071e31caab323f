// Pays a server's offer the way it travels on the wire in each dialect: the server's 402 is encoded, the client
// reads it back, signs, encodes its credential, and the server decodes that. Tests of payee schemes (and the
// server conformance suite) get the Payment a real server would receive, never a hand-built object.
import {
  type CreatedPayload,
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
  type PaymentCredential,
  PaymuxError,
  paymentFromCredential,
  paymentFromV2,
  readOffersV2,
  readPaymentAuthOffers,
  type SchemePayer,
} from "@paymux/core";

/** What a round trip yields: the decoded payment, what the payer produced, and the server-side context. */
export type RoundTrip = { payment: Payment; created: CreatedPayload; context: PaymentContext };

/** Test secret for IETF challenge ids (≥ 32 bytes, like a production secret). */
export const TEST_CHALLENGE_SECRET = "test-secret-test-secret-test-secret!";

/** Pays `serverOffer` in x402 v2 form: PAYMENT-REQUIRED → client → PAYMENT-SIGNATURE → server. */
export async function payX402(
  payer: SchemePayer,
  serverOffer: Offer,
  context: Partial<PaymentContext> = {},
): Promise<RoundTrip> {
  const header = encodePaymentRequired(
    createPaymentRequiredV2({ resource: { url: "https://api.test/data" }, offers: [serverOffer] }),
  );
  const [received] = readOffersV2(decodePaymentRequired(header));
  if (received?.source.dialect !== "x402-v2") throw new PaymuxError("OFFER_NOT_FOUND", "No x402 v2 offer");
  const created = await payer.createPayload(received, { dialect: "x402-v2", ...context });
  const wire = encodePaymentSignature(createPaymentPayloadV2(received.source, created.payload));
  return { payment: paymentFromV2(decodePaymentSignature(wire)), created, context: { dialect: "x402-v2" } };
}

/** Options of {@link payPaymentAuth}. */
export type PayPaymentAuthParameters = {
  /** The credential's `source`: the payer's address by default, a fixed string, a mapping, or none (`false`). */
  source?: false | string | ((payer: string) => string);
  expiresInSeconds?: number;
  realm?: string;
};

/** Pays `serverOffer` in IETF Payment form: WWW-Authenticate → client → Authorization: Payment → server. */
export async function payPaymentAuth(
  payer: SchemePayer,
  serverOffer: Offer,
  parameters: PayPaymentAuthParameters = {},
): Promise<RoundTrip & { credential: PaymentCredential }> {
  const [group] = groupOffersForPaymentAuth([serverOffer]);
  if (!group) throw new PaymuxError("DIALECT_UNSUPPORTED", "Offer not expressible in IETF Payment");
  const challenge = await createPaymentChallenge({
    secret: TEST_CHALLENGE_SECRET,
    realm: parameters.realm ?? "api.test",
    method: group.method,
    request: group.request,
    expires: formatExpiry(Date.now() + (parameters.expiresInSeconds ?? 300) * 1000),
  });
  const received = readPaymentAuthOffers(challenge).find((offer) => offer.scheme === serverOffer.scheme);
  if (received?.source.dialect !== "payment-auth") throw new PaymuxError("OFFER_NOT_FOUND", "No IETF offer");
  const bound = {
    id: challenge.id,
    realm: challenge.realm,
    ...(challenge.expires === undefined ? {} : { expires: challenge.expires }),
    ...(group.request.externalId === undefined ? {} : { externalId: group.request.externalId }),
  };
  const created = await payer.createPayload(received, { dialect: "payment-auth", challenge: bound });
  const { source } = parameters;
  const sent =
    source === false
      ? undefined
      : typeof source === "string"
        ? source
        : (source?.(created.payer) ?? created.payer);
  const header = encodePaymentCredential(createPaymentCredential(received.source, created.payload, sent));
  const credential = decodePaymentCredential(header);
  const context: PaymentContext = { dialect: "payment-auth", challenge: bound };
  return { payment: paymentFromCredential(credential), created, context, credential };
}

/** Pays a native-SOL push offer in the legacy `Payment-Request` / `Payment-Receipt` dialect. */
export async function payLegacy(payer: SchemePayer, serverOffer: Offer): Promise<RoundTrip> {
  const received = decodePaymentRequest(encodePaymentRequest(serverOffer));
  const created = await payer.createPayload(received, { dialect: "payment-request" });
  const header = encodeLegacyReceipt({
    signature: String(created.payload["signature"]),
    network: serverOffer.network,
    amount: serverOffer.amount,
  });
  return { payment: decodeLegacyReceipt(header), created, context: { dialect: "payment-request" } };
}

/** A copy of a payment whose payload is changed by `edit` (what a tampering client would send). */
export function withPayload(
  payment: Payment,
  edit: (payload: Record<string, unknown>) => Record<string, unknown>,
): Payment {
  return { ...payment, payload: edit(structuredClone({ ...payment.payload })) };
}
