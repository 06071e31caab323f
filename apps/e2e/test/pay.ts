// A payer in miniature for the conformance suite: reads a real 402 off the wire in one dialect, signs with a
// chain package's payer, and returns the request headers that carry the credential. It uses only core's
// codecs, so it sees exactly what any other SDK's client would see.
import { evmDidPkh } from "@paymux/chain-evm";
import {
  createPaymentCredential,
  createPaymentPayloadV1,
  createPaymentPayloadV2,
  type Dialect,
  decodePaymentRequest,
  decodePaymentRequired,
  decodePaymentRequiredV1,
  encodeLegacyReceipt,
  encodePaymentCredential,
  encodePaymentSignature,
  encodeXPayment,
  evmChainId,
  matchNetworkPattern,
  PaymuxError,
  type ReceivedOffer,
  readOffersV1,
  readOffersV2,
  readPaymentAuthOffers,
  readPaymentChallenges,
  type SchemePayer,
} from "@paymux/core";

/** Which offer to pay: a dialect, a scheme and a network (CAIP-2). */
export type Pick = { dialect: Dialect; scheme: string; network: string };

/** The offers of one dialect in a 402 response. */
export async function readOffers(response: Response, dialect: Dialect): Promise<ReceivedOffer[]> {
  switch (dialect) {
    case "x402-v2": {
      const header = response.headers.get("PAYMENT-REQUIRED");
      return header ? readOffersV2(decodePaymentRequired(header)) : [];
    }
    case "x402-v1":
      return readOffersV1(decodePaymentRequiredV1(await response.clone().json()));
    case "payment-auth": {
      const values = response.headers.get("WWW-Authenticate");
      if (!values) return [];
      return readPaymentChallenges(values).challenges.flatMap((challenge) =>
        readPaymentAuthOffers(challenge),
      );
    }
    case "payment-request": {
      const header = response.headers.get("Payment-Request");
      return header ? [decodePaymentRequest(header)] : [];
    }
  }
}

/** Signs the picked offer of a 402 and returns the headers of the paid retry. */
export async function payHeaders(
  response: Response,
  pick: Pick,
  payers: readonly SchemePayer[],
): Promise<Record<string, string>> {
  const offers = await readOffers(response, pick.dialect);
  const offer = offers.find((entry) => entry.scheme === pick.scheme && entry.network === pick.network);
  if (!offer)
    throw new PaymuxError("OFFER_NOT_FOUND", `No ${pick.dialect} ${pick.scheme} offer on ${pick.network}`);
  const payer = payers.find(
    (entry) =>
      entry.scheme === offer.scheme &&
      entry.networks.some((pattern) => matchNetworkPattern(pattern, offer.network) >= 0),
  );
  if (!payer) throw new PaymuxError("SCHEME_UNSUPPORTED", `No payer for ${offer.scheme} on ${offer.network}`);
  const source = offer.source;
  switch (source.dialect) {
    case "x402-v2": {
      const created = await payer.createPayload(offer, { dialect: "x402-v2" });
      return { "PAYMENT-SIGNATURE": encodePaymentSignature(createPaymentPayloadV2(source, created.payload)) };
    }
    case "x402-v1": {
      const created = await payer.createPayload(offer, { dialect: "x402-v1" });
      return { "X-PAYMENT": encodeXPayment(createPaymentPayloadV1(source, created.payload)) };
    }
    case "payment-auth": {
      const { challenge, request } = source;
      const created = await payer.createPayload(offer, {
        dialect: "payment-auth",
        challenge: {
          id: challenge.id,
          realm: challenge.realm,
          ...(challenge.expires === undefined ? {} : { expires: challenge.expires }),
          ...(request.externalId === undefined ? {} : { externalId: request.externalId }),
        },
      });
      // IETF evm credentials name their payer as a did:pkh; Solana ones carry it in the transaction.
      const did = offer.network.startsWith("eip155:")
        ? evmDidPkh(evmChainId(offer.network), created.payer)
        : undefined;
      return {
        Authorization: encodePaymentCredential(createPaymentCredential(source, created.payload, did)),
      };
    }
    case "payment-request": {
      const created = await payer.createPayload(offer, { dialect: "payment-request" });
      const signature = String(created.payload["signature"]);
      return {
        "Payment-Receipt": encodeLegacyReceipt({ signature, network: offer.network, amount: offer.amount }),
      };
    }
  }
}
