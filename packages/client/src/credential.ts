import {
  type CreatedPayload,
  createPaymentCredential,
  createPaymentPayloadV1,
  createPaymentPayloadV2,
  encodeLegacyReceipt,
  encodePaymentCredential,
  encodePaymentSignature,
  encodeXPayment,
  evmChainId,
  type PaymentContext,
  type ReceivedOffer,
  type SchemePayer,
} from "@paymux/core";

/** The headers of a paid retry, and what the payer produced. */
export type PaymentHeaders = { headers: Record<string, string>; created: CreatedPayload };

/** The payment context a payer needs for an offer of a given dialect (IETF: the challenge to bind to). */
export function paymentContext(offer: ReceivedOffer): PaymentContext {
  const source = offer.source;
  if (source.dialect !== "payment-auth") return { dialect: source.dialect };
  const { challenge, request } = source;
  return {
    dialect: "payment-auth",
    challenge: {
      id: challenge.id,
      realm: challenge.realm,
      ...(challenge.expires === undefined ? {} : { expires: challenge.expires }),
      ...(request.externalId === undefined ? {} : { externalId: request.externalId }),
    },
  };
}

/** Signs `offer` with `payer` and encodes the credential in the offer's own dialect. */
export async function createPaymentHeaders(
  offer: ReceivedOffer,
  payer: SchemePayer,
): Promise<PaymentHeaders> {
  const created = await payer.createPayload(offer, paymentContext(offer));
  const source = offer.source;
  switch (source.dialect) {
    case "x402-v2":
      return {
        created,
        headers: {
          "PAYMENT-SIGNATURE": encodePaymentSignature(createPaymentPayloadV2(source, created.payload)),
        },
      };
    case "x402-v1":
      return {
        created,
        headers: { "X-PAYMENT": encodeXPayment(createPaymentPayloadV1(source, created.payload)) },
      };
    case "payment-auth": {
      // IETF evm credentials name their payer as a did:pkh (what paymux and mppx servers compare); Solana's payer
      // is in the transaction itself.
      const did = offer.network.startsWith("eip155:")
        ? `did:pkh:eip155:${evmChainId(offer.network)}:${created.payer}`
        : undefined;
      const credential = createPaymentCredential(source, created.payload, did);
      return { created, headers: { Authorization: encodePaymentCredential(credential) } };
    }
    case "payment-request": {
      const signature = String(created.payload["signature"]);
      const header = encodeLegacyReceipt({ signature, network: offer.network, amount: offer.amount });
      return { created, headers: { "Payment-Receipt": header } };
    }
  }
}
