// paymux CLI commands for programmatic use. Named re-exports only.
export { type DemoPayment, type DemoSummary, type RunDemoParameters, runDemo } from "./demo.js";
export { type DevIo, runDev } from "./dev.js";
export { main } from "./main.js";
export { PAY_USAGE, type PayIo, runPay } from "./pay.js";
