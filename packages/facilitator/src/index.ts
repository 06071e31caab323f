// @paymux/facilitator: the x402 facilitator HTTP API over paymux payees. Named re-exports only.
export { createFacilitator } from "./facilitator.js";
export { MAX_BODY_BYTES } from "./request.js";
export { SETTLED_TTL_MS } from "./settle.js";
export type {
  CreateFacilitatorParameters,
  CreateFacilitatorReturnType,
  Facilitator,
  FacilitatorEndpoint,
  FacilitatorEvent,
} from "./types.js";
