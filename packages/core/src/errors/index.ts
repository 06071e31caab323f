export { PAYMUX_ERROR_CODES, type PaymuxErrorCode } from "./codes.js";
export { isPaymuxError, PaymuxError, type PaymuxErrorContext, type PaymuxErrorParameters } from "./error.js";
export {
  PAYMENT_PROBLEM_BASE,
  PAYMENT_PROBLEM_TYPES,
  type PaymentProblemType,
  X402_REASONS,
  type X402Reason,
} from "./reasons.js";
