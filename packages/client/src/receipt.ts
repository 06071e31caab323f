import {
  decodePaymentReceipt,
  decodePaymentResponse,
  paymentReceiptToReceipt,
  type Receipt,
  type ReceivedOffer,
  settleResponseToReceipt,
} from "@paymux/core";

/**
 * The receipt a server returned for a payment, read in the dialect the payment used; undefined when there is
 * none or it cannot be read. The legacy dialect has no receipt: the client's own transaction signature is it.
 */
export function readReceipt(
  response: Response,
  offer: ReceivedOffer,
  signature?: string,
): Receipt | undefined {
  try {
    switch (offer.source.dialect) {
      case "x402-v2": {
        const header = response.headers.get("PAYMENT-RESPONSE");
        return header === null ? undefined : settleResponseToReceipt(decodePaymentResponse(header));
      }
      case "x402-v1": {
        const header = response.headers.get("X-PAYMENT-RESPONSE");
        return header === null ? undefined : settleResponseToReceipt(decodePaymentResponse(header));
      }
      case "payment-auth": {
        const header = response.headers.get("Payment-Receipt");
        return header === null
          ? undefined
          : paymentReceiptToReceipt(decodePaymentReceipt(header), offer.network);
      }
      case "payment-request":
        return response.ok && signature
          ? { success: true, transaction: signature, network: offer.network }
          : undefined;
    }
  } catch {
    return undefined;
  }
}
