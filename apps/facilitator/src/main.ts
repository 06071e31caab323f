// Entry point: `node dist/main.js` with the configuration in the environment (see README.md).
import { isPaymuxError } from "@paymux/core";
import { startFacilitatorService } from "./server.js";

try {
  const service = await startFacilitatorService(process.env);
  process.stdout.write(`paymux facilitator listening on ${service.url}\n`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: finishing in-flight requests\n`);
    service.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
} catch (error) {
  // PaymuxError messages name what is wrong and never a secret; other errors (a port in use) are system errors.
  const message = isPaymuxError(error)
    ? error.message
    : error instanceof Error && "code" in error
      ? `${error.name}: ${String(error.code)}`
      : "the service could not start";
  process.stderr.write(`paymux facilitator: ${message}\n`);
  process.exit(1);
}
