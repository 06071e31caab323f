// The two paid APIs of the demo, on real HTTP so the agent pays over the wire exactly as it would remotely.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import type { LocalServerSetup } from "@paymux/core/server";
import { paymux as paymuxExpress } from "@paymux/server-express";
import { paymux as paymuxHono } from "@paymux/server-hono";
import express from "express";
import { Hono } from "hono";
import { closeServer, listenFetch } from "./listen.js";

/** A running paid API: its base URL and how to stop it. */
export type RunningApi = { name: string; url: string; close(): Promise<void> };

/** The same price list on both APIs: USDC per request on every network, SOL on Solana. */
const WEATHER = { price: "$0.001" } as const;
const SOL = { amount: "0.001" } as const;
const body = (path: string) => ({ path, forecast: "sunny", temperatureC: 21 });

/** The server options of both APIs: the local payees, receiving wallets, networks and assets. */
function options(setup: LocalServerSetup) {
  return { payees: setup.payees, payTo: setup.payTo, networks: setup.networks, assets: setup.assets };
}

/** Starts the paid Express API on 127.0.0.1 and a free port. */
export async function startExpressApi(setup: LocalServerSetup): Promise<RunningApi> {
  const pay = paymuxExpress(options(setup));
  const app = express();
  app.get("/weather", pay.charge(WEATHER), (_req, res) => {
    res.json(body("/weather"));
  });
  app.get("/sol", pay.charge(SOL), (_req, res) => {
    res.json(body("/sol"));
  });
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    name: "Express",
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await closeServer(server);
      await pay.close();
    },
  };
}

/** Starts the paid Hono API with @hono/node-server on 127.0.0.1 and a free port. */
export async function startHonoApi(setup: LocalServerSetup): Promise<RunningApi> {
  const pay = paymuxHono(options(setup));
  const app = new Hono();
  app.get("/weather", pay.charge(WEATHER), (c) => c.json(body("/weather")));
  app.get("/sol", pay.charge(SOL), (c) => c.json(body("/sol")));
  const listening = await listenFetch(app.fetch, 0);
  return {
    name: "Hono",
    url: listening.url,
    close: async () => {
      await listening.close();
      await pay.close();
    },
  };
}
