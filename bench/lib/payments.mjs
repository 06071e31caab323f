// Signed payments as a server receives them, for in-process verification: the payer's payload goes through the
// dialect's encoder and the server-side decoder, exactly as over HTTP, without the HTTP.
import { createPaymentHeaders } from "@paymux/client";
import {
  createPaymentRequiredV2,
  decodeLegacyReceipt,
  decodePaymentRequest,
  decodePaymentSignature,
  encodePaymentRequest,
  paymentFromV2,
  readOffersV2,
} from "@paymux/core";

const RESOURCE = { url: "http://127.0.0.1/bench" };

/** The server-side Payment for `offer` paid by `payer` in x402 v2 (`exact` offers). */
export async function x402Payment(offer, payer) {
  const [received] = readOffersV2(createPaymentRequiredV2({ resource: RESOURCE, offers: [offer] }));
  const { headers } = await createPaymentHeaders(received, payer);
  return paymentFromV2(decodePaymentSignature(headers["PAYMENT-SIGNATURE"]));
}

/** The server-side Payment for a SOL `push` offer paid in the legacy Payment-Request dialect (no challenge). */
export async function legacyPayment(offer, payer) {
  const received = decodePaymentRequest(encodePaymentRequest(offer));
  const { headers } = await createPaymentHeaders(received, payer);
  return decodeLegacyReceipt(headers["Payment-Receipt"], offer.network);
}

/** The payer of `scheme` on `network` among a LocalPayer's payers. */
export function payerFor(payers, scheme, network) {
  const found = payers.find(
    (payer) =>
      payer.scheme === scheme &&
      payer.networks.some((pattern) => pattern === network || pattern === `${network.split(":")[0]}:*`),
  );
  if (!found) throw new Error(`no ${scheme} payer for ${network}`);
  return found;
}
