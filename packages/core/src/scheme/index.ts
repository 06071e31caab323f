export type {
  CreatedPayload,
  CreateOfferParameters,
  PaymentContext,
  SchemeIdentity,
  SchemePayee,
  SchemePayer,
  VerifyResult,
} from "./contract.js";
export { type ResolvedAssetPrice, type ResolvePriceParameters, resolvePrice } from "./price.js";
export { createSchemeRegistry, type SchemeRegistry } from "./registry.js";
export { type OfferPreferences, type SelectOffersParameters, selectOffers } from "./select.js";
