export {
  type PayPaymentAuthParameters,
  payLegacy,
  payPaymentAuth,
  payX402,
  type RoundTrip,
  TEST_CHALLENGE_SECRET,
  withPayload,
} from "./round-trip.js";
