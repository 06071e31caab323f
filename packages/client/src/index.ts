// @paymux/client: pay HTTP 402s from code. Named re-exports only.
export { createPaymentHeaders, type PaymentHeaders, paymentContext } from "./credential.js";
export { paymentOf, wrapFetch } from "./fetch.js";
export { MAX_CHALLENGE_BODY_BYTES, nothingPayable, type ReadOffersReturnType, readOffers } from "./offers.js";
export {
  type Budget,
  type BudgetLimit,
  type CreateBudgetParameters,
  checkPolicy,
  createBudget,
  createPolicyChecker,
  type PolicyChecker,
  type PolicyRule,
  type Reservation,
  type SpendPolicy,
  USD_DECIMALS,
} from "./policy/index.js";
export { readReceipt } from "./receipt.js";
export type {
  ClientEvent,
  OfferSummary,
  PaymentInfo,
  PaymuxFetch,
  Quote,
  WrapFetchParameters,
} from "./types.js";
export { type CreateZeroConfigFetchParameters, createZeroConfigFetch, paymuxFetch } from "./zero-config.js";
