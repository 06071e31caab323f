// The example Hono API on the real local chains (the shared example suite: 402 unpaid, 200 paid, priced POST).
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { describeExampleApi } from "../../example-config/test/api-suite.js";
import { createApp } from "../src/app.js";

describeExampleApi("hono-api", async (options) => {
  const { app, pay } = createApp(options);
  let server: ReturnType<typeof serve> | undefined;
  const info = await new Promise<AddressInfo>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, resolve);
  });
  return {
    base: `http://127.0.0.1:${info.port}`,
    close: async () => {
      await new Promise((resolve) => server?.close(resolve));
      await pay.close();
    },
  };
});
