// @paymux/core/server: the framework-free server flow and the stores. A subpath of its own, so a browser payer
// importing @paymux/core never bundles it.
export {
  type MemoryStoreParameters,
  memoryStore,
  type PaymentRecord,
  type PaymentRecordState,
  type PaymentStore,
  type StoredReceipt,
} from "../store/index.js";
export { EXPOSED_HEADERS } from "./challenge.js";
export { MAX_CREDENTIAL_LENGTH } from "./credential.js";
export {
  createFacilitatorClient,
  type FacilitatorClient,
  type FacilitatorClientParameters,
  type FacilitatorEndpoint,
} from "./facilitator-client.js";
export { createPaymentServer } from "./flow.js";
export { resolvePayTo } from "./offers.js";
export { remotePayees } from "./remote-payee.js";
export { createRouteMatcher } from "./routes.js";
export type {
  AcceptOption,
  HandleParameters,
  LocalServerSetup,
  NextHandler,
  PaymentEvent,
  PaymentServer,
  PaymentServerOptions,
  PricedRoute,
  PriceInput,
  RequestContext,
  ResolvedServerConfig,
  RouteConfig,
  RouteMatch,
  RoutesTable,
  ServerDialect,
  SettleTiming,
} from "./types.js";
