// Core's dialect decoders as fuzz targets, for the random-input (dialects.fuzz.test.ts) and near-valid
// (near-valid.fuzz.test.ts) fuzzers: one place says how each header is decoded and read on, so both fuzzers reach
// the same code the same way, and each file only brings its inputs and its checks of what came out.
import {
  acceptPaymentWeight,
  type Caip2,
  decodeChargeRequest,
  decodeLegacyReceipt,
  decodePaymentCredential,
  decodePaymentReceipt,
  decodePaymentRequest,
  decodePaymentRequired,
  decodePaymentRequiredV1,
  decodePaymentResponse,
  decodePaymentSignature,
  decodeX402AuthChallenges,
  decodeXPayment,
  type Payment,
  parseAcceptPayment,
  paymentFromCredential,
  paymentFromV1,
  paymentFromV2,
  paymentReceiptToReceipt,
  type ReceivedOffer,
  readOffersV1,
  readOffersV2,
  readPaymentAuthOffers,
  readPaymentChallenges,
  SOLANA_DEVNET,
  settleResponseToReceipt,
} from "../src/index.js";
import { valueOrPaymuxError } from "./fuzz-helpers.js";

/** Options of {@link dialectDecoders}. */
export type DialectDecodersParameters = {
  /** Checks every list of decoded offers. */
  offers: (offers: readonly ReceivedOffer[]) => void;
  /** Checks every decoded payment; none: a payment only has to decode. */
  payment?: ((payment: Payment) => void) | undefined;
  /** The clock a Payment challenge's `expires` is judged by. */
  now: number;
  /** What a legacy Payment-Receipt without a `network` falls back to; none: such a receipt is refused. */
  legacyReceiptNetwork?: Caip2 | undefined;
};

/** Each dialect decoder, composed with what a client or server does next with what it returned. */
export function dialectDecoders({
  offers,
  payment = () => {},
  now,
  legacyReceiptNetwork,
}: DialectDecodersParameters) {
  return {
    paymentRequired: (h: string) => offers(readOffersV2(decodePaymentRequired(h))),
    paymentSignature: (h: string) => payment(paymentFromV2(decodePaymentSignature(h))),
    xPayment: (h: string) => payment(paymentFromV1(decodeXPayment(h))),
    paymentResponse: (h: string) => void settleResponseToReceipt(decodePaymentResponse(h)),
    v1Body: (body: unknown) => offers(readOffersV1(decodePaymentRequiredV1(body))),
    // Each challenge of the line on its own: a client that cannot read one still reads the others.
    paymentChallenges: (h: string) => {
      for (const challenge of readPaymentChallenges(h).challenges) {
        valueOrPaymuxError(() => offers(readPaymentAuthOffers(challenge, { now })));
      }
    },
    paymentCredential: (h: string) => payment(paymentFromCredential(decodePaymentCredential(h))),
    // The network is only copied into the receipt; any will do.
    paymentReceipt: (h: string) => void paymentReceiptToReceipt(decodePaymentReceipt(h), SOLANA_DEVNET),
    chargeRequest: (h: string) => void decodeChargeRequest(h),
    paymentRequest: (h: string) => offers([decodePaymentRequest(h)]),
    legacyReceipt: (h: string) => payment(decodeLegacyReceipt(h, legacyReceiptNetwork)),
    x402Auth: (h: string) => void decodeX402AuthChallenges(h),
    x402AuthLegacy: (h: string) => void decodeX402AuthChallenges(h, { legacySpaceSeparated: true }),
    acceptPayment: (h: string) => void acceptPaymentWeight(parseAcceptPayment(h), "evm", "charge"),
  };
}
