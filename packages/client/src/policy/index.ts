// Spend policy and budgets: what the client may pay, decided before anything is signed. Named re-exports only.

export {
  type Budget,
  type BudgetLimit,
  type CreateBudgetParameters,
  createBudget,
  type Reservation,
} from "./budget.js";
export {
  checkPolicy,
  createPolicyChecker,
  type PolicyChecker,
  type PolicyRule,
  type SpendPolicy,
} from "./policy.js";
export { USD_DECIMALS } from "./units.js";
