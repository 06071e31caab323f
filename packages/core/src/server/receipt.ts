import { encodePaymentReceipt } from "../dialects/payment-auth/credential.js";
import { receiptToPaymentReceipt } from "../dialects/payment-auth/offers.js";
import { encodePaymentResponse, receiptToSettleResponse, X402_HEADERS } from "../dialects/x402.js";
import type { Payment, Receipt } from "../model.js";
import type { StoredReceipt } from "../store/index.js";
import { EXPOSED_HEADERS } from "./challenge.js";

/** Sets the receipt of a settled payment in the dialect of its credential. */
export function setReceiptHeaders(headers: Headers, payment: Payment, receipt: Receipt): void {
  switch (payment.source.dialect) {
    case "x402-v2":
      headers.set(X402_HEADERS.paymentResponse, encodePaymentResponse(receiptToSettleResponse(receipt, 2)));
      break;
    case "x402-v1":
      headers.set(X402_HEADERS.xPaymentResponse, encodePaymentResponse(receiptToSettleResponse(receipt, 1)));
      break;
    case "payment-auth": {
      const { challenge } = payment.source.credential;
      const paymentReceipt = receiptToPaymentReceipt(receipt, challenge.method, challenge.id);
      headers.set("Payment-Receipt", encodePaymentReceipt(paymentReceipt));
      break;
    }
    // The legacy dialect defines no receipt back to the client.
    case "payment-request":
      break;
  }
  // A paid response is for this payer only: shared caches must not hand it to someone who did not pay.
  headers.set("Cache-Control", "private");
  const exposed = headers.get("Access-Control-Expose-Headers");
  headers.set("Access-Control-Expose-Headers", exposed ? `${exposed}, ${EXPOSED_HEADERS}` : EXPOSED_HEADERS);
}

/** A receipt in the JSON form stores keep. */
export function toStoredReceipt(receipt: Receipt): StoredReceipt {
  const { amount, ...rest } = receipt;
  return amount === undefined ? rest : { ...rest, amount: amount.toString() };
}

const NULL_BODY = new Set([101, 204, 205, 304]);

/** A copy of `response` with mutable headers and the given body (none where HTTP forbids one). */
export function rebuildResponse(response: Response, body: BodyInit | null): Response {
  return new Response(NULL_BODY.has(response.status) ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: new Headers(response.headers),
  });
}
