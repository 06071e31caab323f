// A paymux Express server that verifies and settles through a remote paymux facilitator (its /verify, /settle
// and /supported over the x402 facilitator API) passes the server conformance suite, and a facilitator that
// times out or fails makes the server answer 502/503 with a problem and no content.
import type { AddressInfo } from "node:net";
import type { SchemePayee } from "@paymux/core";
import type { PaymentServerOptions } from "@paymux/core/server";
import { createFacilitator } from "@paymux/facilitator";
import type { LocalPayments } from "@paymux/local";
import { startLocalPayments } from "@paymux/local";
import { paymux } from "@paymux/server-express";
import express from "express";
import { describe, expect, it } from "vitest";
import { startFacilitatorService } from "../../facilitator/src/server.js";
import { CONTENT, describeServerConformance, type MakeTestApp } from "./conformance.js";
import { serveExpressApp } from "./express-app.js";
import { payHeaders } from "./pay.js";

type Remote = { facilitator: NonNullable<PaymentServerOptions["facilitator"]>; close(): Promise<void> };

/** The Express test app of the conformance suite, verifying and settling through `remote`. */
function remoteApp(
  connect: (local: LocalPayments, payees: readonly SchemePayee[]) => Promise<Remote>,
): MakeTestApp {
  return async (parameters) => {
    const remote = await connect(parameters.local, parameters.options.payees ?? []);
    const { payees: _own, ...rest } = parameters.options;
    const app = await serveExpressApp(express, { ...rest, facilitator: remote.facilitator }, parameters);
    return {
      fetch: app.fetch,
      close: async () => {
        await app.close();
        await remote.close();
      },
    };
  };
}

describeServerConformance(
  "express with @paymux/facilitator (in process)",
  remoteApp(async (_local, payees) => {
    const facilitator = createFacilitator({ payees });
    return {
      facilitator: { url: "http://facilitator.test/x402", fetch: (request) => facilitator.fetch(request) },
      close: async () => undefined,
    };
  }),
);

describeServerConformance(
  "express with the facilitator service over HTTP, bearer token",
  remoteApp(async (local) => {
    // The service's own Solana fee payer: a fresh wallet with SOL only.
    const sponsor = (await local.createPayer({ usdc: "0", sol: "100" })).solana;
    const token = "conformance-token-0123456789";
    const service = await startFacilitatorService(
      {
        PAYMUX_FACILITATOR_PORT: "0",
        PAYMUX_EVM_RPC_URLS: `${local.evm?.caip2}=${local.evm?.rpcUrl}`,
        PAYMUX_EVM_SETTLER_KEY: local.evm?.settler.privateKey,
        PAYMUX_SOLANA_RPC_URLS: `${local.solana?.caip2}=${local.solana?.rpcUrl}`,
        PAYMUX_SOLANA_FEE_PAYER_KEY: JSON.stringify([...(sponsor?.secretKey ?? [])]),
        PAYMUX_FACILITATOR_TOKEN: token,
      },
      { log: () => undefined },
    );
    return {
      facilitator: { url: service.url, headers: { Authorization: `Bearer ${token}` } },
      close: () => service.close(),
    };
  }),
);

describe("facilitator faults", () => {
  it("answers 503 with a problem and no content when the facilitator fails or times out", async () => {
    const local = await startLocalPayments({ solana: false });
    try {
      const payer = await local.createPayer();
      const evm = local.evm?.caip2 as string;
      const facilitator = createFacilitator({ payees: local.payees });
      let mode: "ok" | "down" | "hang" = "ok";
      const pay = paymux({
        payTo: local.payTo,
        networks: local.networks,
        assets: local.assets,
        facilitator: {
          url: "http://facilitator.test",
          timeoutMs: 200,
          settleTimeoutMs: 300,
          retries: 1,
          retryDelayMs: 10,
          fetch: async (request) => {
            if (mode === "ok" || request.url.endsWith("/supported")) return facilitator.fetch(request);
            if (mode === "down") return new Response("upstream error", { status: 502 });
            return new Promise<Response>(() => undefined);
          },
        },
      });
      const app = express();
      app.get("/data", pay.charge({ price: "$0.001" }), (_req, res) => {
        res.json({ content: CONTENT });
      });
      const server = app.listen(0, "127.0.0.1");
      await new Promise((resolve) => server.once("listening", resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data`;
      const recipient = async () => (await local.balances(local.payTo[evm as never] as string, evm)).usdc;
      try {
        const before = await recipient();
        for (const failure of ["down", "hang"] as const) {
          mode = "ok";
          const headers = await payHeaders(
            await fetch(url),
            { dialect: "x402-v2", scheme: "exact", network: evm },
            payer.payers,
          );
          mode = failure;
          const response = await fetch(url, { headers });
          expect(response.status).toBe(503);
          expect(response.headers.get("Content-Type")).toBe("application/problem+json");
          expect(await response.text()).not.toContain(CONTENT);
        }
        expect(await recipient()).toBe(before);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await pay.close();
      }
    } finally {
      await local.stop();
    }
  });
});
