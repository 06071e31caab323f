// Starts the example API: zero config with no environment, or the chains and keys the environment names.

import { serverOptionsFromEnv } from "../../example-config/src/index.js";
import { createApp } from "./app.js";

const { mode, options } = await serverOptionsFromEnv(process.env);
const { app, pay } = createApp(options);
const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => {
  console.log(`paymux express-api on http://localhost:${port} (${mode})`);
  console.log("  GET  /api/weather    $0.001");
  console.log("  GET  /api/joke       0.001 SOL");
  console.log('  POST /api/summarize  $0.001 per 1,000 characters of {"text": …}');
});
const stop = () => {
  server.close();
  server.closeAllConnections();
  void pay.close().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
