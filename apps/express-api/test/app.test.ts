// The example Express API on the real local chains (the shared example suite: 402 unpaid, 200 paid, priced POST).
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { describeExampleApi } from "../../example-config/test/api-suite.js";
import { createApp } from "../src/app.js";

describeExampleApi("express-api", async (options) => {
  const { app, pay } = createApp(options);
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pay.close();
    },
  };
});
