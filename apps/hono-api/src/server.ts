// Starts the example API on Node: zero config with no environment, or the chains and keys the environment names.
import { serve } from "@hono/node-server";
import { serverOptionsFromEnv } from "../../example-config/src/index.js";
import { createApp } from "./app.js";

const { mode, options } = await serverOptionsFromEnv(process.env);
const { app, pay } = createApp(options);
const port = Number(process.env.PORT ?? 3000);
const server = serve({ fetch: app.fetch, port }, () => {
  console.log(`paymux hono-api on http://localhost:${port} (${mode})`);
  console.log("  GET  /api/weather    $0.001");
  console.log("  GET  /api/joke       0.001 SOL");
  console.log('  POST /api/summarize  $0.001 per 1,000 characters of {"text": …}');
});
const stop = () => {
  server.close();
  void pay.close().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
