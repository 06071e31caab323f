// The agent on the real local chains: paid with its own keys, refused by its cap (nothing moved), and zero-config.
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type LocalPayer, type LocalPayments, startLocalPayments } from "@paymux/local";
import { type PaymuxExpress, type PaymuxParameters, paymux } from "@paymux/server-express";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAgent } from "../src/agent.js";

type Running = { base: string; close: () => Promise<void> };

/** A paid app: weather for $0.001 (USDC), a joke for 0.001 SOL. */
async function serve(options: PaymuxParameters): Promise<Running> {
  const pay: PaymuxExpress = paymux(options);
  const app = express();
  app.get("/api/weather", pay.charge({ price: "$0.001" }), (_req, res) => {
    res.json({ forecast: "sunny" });
  });
  app.get("/api/joke", pay.charge({ amount: "0.001" }), (_req, res) => {
    res.json({ joke: "paid" });
  });
  const server: Server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pay.close();
    },
  };
}

let local: LocalPayments;
let payer: LocalPayer;
let paidApp: Running;
const env = () => ({
  PAYMUX_EVM_KEY: payer.evm?.privateKey,
  PAYMUX_SOLANA_KEY: JSON.stringify([...(payer.solana?.secretKey ?? [])]),
  PAYMUX_SOLANA_RPC_URL: local.solana?.rpcUrl,
  PAYMUX_ASSETS: JSON.stringify(local.assets),
});
const urls = () => [`${paidApp.base}/api/weather`, `${paidApp.base}/api/joke`];
const usdc = async () => {
  const [evm, solana] = await Promise.all([
    local.balances(payer.evm?.address ?? "", local.evm?.caip2 ?? ""),
    local.balances(payer.solana?.address ?? "", local.solana?.caip2 ?? ""),
  ]);
  return evm.usdc + solana.usdc;
};

beforeAll(async () => {
  local = await startLocalPayments();
  payer = await local.createPayer();
  paidApp = await serve({
    payees: local.payees,
    payTo: local.payTo,
    networks: local.networks,
    assets: local.assets,
  });
});
afterAll(async () => {
  await paidApp?.close();
  await local?.stop();
});

describe("agent", () => {
  it("pays both URLs with its own keys, logging each step and never the keys", async () => {
    const lines: string[] = [];
    const before = await usdc();
    const result = await runAgent(urls(), env(), (line) => lines.push(line));
    expect(result).toEqual({ paid: 2, failed: 0 });
    const log = lines.join("\n");
    for (const step of ["[challenge]", "[selected]", "[signed]", "[settled]"]) expect(log).toContain(step);
    expect(log).toMatch(/\[settled\].* tx \S+ success/);
    expect(log).toContain("summary: 2 URL(s), 2 paid, 0 failed");
    expect(log).not.toContain((payer.evm?.privateKey ?? "").slice(2));
    expect(log).not.toContain(env().PAYMUX_SOLANA_KEY);
    expect(await usdc()).toBe(before - 1000n);
  });

  it("refuses the USD URL over PAYMUX_MAX and moves no USDC", async () => {
    const lines: string[] = [];
    const before = await usdc();
    const result = await runAgent(urls(), { ...env(), PAYMUX_MAX: "$0.0005" }, (line) => lines.push(line));
    expect(result).toEqual({ paid: 1, failed: 1 });
    expect(lines.join("\n")).toMatch(/\[refused\].*AMOUNT_EXCEEDS_POLICY \(rule maxPerPayment\)/);
    expect(await usdc()).toBe(before);
  });

  it("pays a zero-config server with no keys", async () => {
    const zero = await serve({});
    try {
      const lines: string[] = [];
      const result = await runAgent([`${zero.base}/api/weather`], {}, (line) => lines.push(line));
      expect(result, lines.join("\n")).toEqual({ paid: 1, failed: 0 });
      expect(lines.join("\n")).toContain("zero-config");
    } finally {
      await zero.close();
    }
  });
});
