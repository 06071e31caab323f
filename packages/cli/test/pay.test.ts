// `paymux pay` against a paid Express server on the real local chains, with the payer's own EVM key.
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ClientEvent } from "@paymux/client";
import { type LocalPayer, type LocalPayments, startLocalPayments } from "@paymux/local";
import { paymux } from "@paymux/server-express";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAssets, runPay } from "../src/pay.js";

const CONTENT = "cli-paid-weather-7f3";
let local: LocalPayments;
let payer: LocalPayer;
let server: Server;
let close: () => Promise<void>;
let url: string;
let evm: string;

beforeAll(async () => {
  local = await startLocalPayments();
  payer = await local.createPayer();
  evm = local.evm?.caip2 as string;
  const pay = paymux({
    payees: local.payees,
    payTo: local.payTo,
    networks: local.networks,
    assets: local.assets,
  });
  const app = express();
  app.get("/weather", pay.charge({ price: "$0.001", networks: [evm] }), (_req, res) => {
    res.json({ content: CONTENT });
  });
  server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/weather`;
  close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await pay.close();
  };
});
afterAll(async () => {
  await close?.();
  await local?.stop();
});

/** Runs the command with captured streams and the payer's key in the environment. */
async function run(argv: string[], extra: { env?: Record<string, string>; programAssets?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const events: ClientEvent[] = [];
  const code = await runPay(argv, {
    stdout: {
      write: (chunk) => out.push(typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk)),
    },
    stderr: { write: (chunk) => err.push(chunk) },
    env: {
      PAYMUX_EVM_KEY: evmKey(),
      PAYMUX_EVM_RPC_URL: local.evm?.rpcUrl as string,
      ...extra.env,
    },
    ...(extra.programAssets === false ? {} : { assets: local.assets }),
    onEvent: (event) => events.push(event),
  });
  return { code, stdout: out.join(""), stderr: err.join(""), events };
}

const evmKey = () => payer.evm?.privateKey ?? "";
const recipientUsdc = async () => (await local.balances(local.payTo[evm as never] as string, evm)).usdc;
const payerUsdc = async () => (await local.balances(payer.evm?.address as string, evm)).usdc;

describe("paymux pay", () => {
  it("pays, prints the body to stdout and the receipt and transaction to stderr", async () => {
    const before = await recipientUsdc();
    const result = await run([url]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(CONTENT);
    expect(result.stderr).toContain("HTTP 200");
    expect(result.stderr).toContain("paid: 0.001 USDC on eip155:31337");
    expect(result.stderr).toContain("receipt: success");
    expect(result.stderr).toMatch(/transaction: eip155:31337\/tx\/0x[0-9a-f]{64}/);
    expect(result.stderr + result.stdout).not.toContain(evmKey().slice(2));
    expect((await recipientUsdc()) - before).toBe(1000n);
  });

  it("takes the key from --key too", async () => {
    const result = await run(["--key", evmKey(), url], {
      env: { PAYMUX_EVM_KEY: "" },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(CONTENT);
  });

  it("--max below the price refuses with exit 1, signs nothing and moves nothing", async () => {
    const before = [await recipientUsdc(), await payerUsdc()];
    const result = await run(["--max", "$0.0005", url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("AMOUNT_EXCEEDS_POLICY");
    expect(result.stdout).toBe("");
    expect(result.events.some((event) => event.type === "signed")).toBe(false);
    expect([await recipientUsdc(), await payerUsdc()]).toEqual(before);
  });

  it("--dry-run prints the price and the offer, and moves nothing", async () => {
    const before = [await recipientUsdc(), await payerUsdc()];
    const result = await run(["--dry-run", url]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/price: 0\.001 USDC on eip155:31337 \(exact, x402-v2\)/);
    expect(result.stdout).toContain("nothing signed");
    expect(result.events.some((event) => event.type === "signed")).toBe(false);
    expect([await recipientUsdc(), await payerUsdc()]).toEqual(before);
  });

  it("without a key or with a bad one: exit 1 with the error code, never echoing the key", async () => {
    const none = await run([url], { env: { PAYMUX_EVM_KEY: "" } });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("CONFIG_INVALID");
    const bad = await run(["--key", "not-a-key-0000", url]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).not.toContain("not-a-key-0000");
  });

  it("usage errors exit 2", async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(["--nope", url])).code).toBe(2);
  });

  describe("PAYMUX_ASSETS and --assets (the local test USDC, as `paymux dev` prints it)", () => {
    const json = () => JSON.stringify(local.assets);

    it("without them the local token is unknown, so any $ cap refuses it", async () => {
      const result = await run(["--max", "$0.01", url], { programAssets: false });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("POLICY_REJECTED");
      expect(result.events.some((event) => event.type === "signed")).toBe(false);
    });

    it("with PAYMUX_ASSETS, --max $0.01 pays a $0.001 route", async () => {
      const before = await recipientUsdc();
      const result = await run(["--max", "$0.01", url], {
        programAssets: false,
        env: { PAYMUX_ASSETS: json() },
      });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(CONTENT);
      expect(result.stderr).toContain("paid: 0.001 USDC on eip155:31337");
      expect((await recipientUsdc()) - before).toBe(1000n);
    });

    it("with PAYMUX_ASSETS, --max $0.0005 refuses with AMOUNT_EXCEEDS_POLICY and signs nothing", async () => {
      const before = [await recipientUsdc(), await payerUsdc()];
      const result = await run(["--max", "$0.0005", url], {
        programAssets: false,
        env: { PAYMUX_ASSETS: json() },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("AMOUNT_EXCEEDS_POLICY");
      expect(result.events.some((event) => event.type === "signed")).toBe(false);
      expect([await recipientUsdc(), await payerUsdc()]).toEqual(before);
    });

    it("--assets works like PAYMUX_ASSETS", async () => {
      const result = await run(["--assets", json(), "--max", "$0.01", url], { programAssets: false });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(CONTENT);
    });

    it("invalid JSON or entries are CONFIG_INVALID, exit 1, before anything is signed", async () => {
      for (const bad of ["nope", "{}", '[{"network":"x","address":"a","symbol":"T","decimals":6}]']) {
        const result = await run(["--max", "$0.01", url], {
          programAssets: false,
          env: { PAYMUX_ASSETS: bad },
        });
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("CONFIG_INVALID");
        expect(result.events).toEqual([]);
      }
    });

    it("parseAssets round-trips local.assets and checks every field", () => {
      expect(parseAssets(json())).toEqual(local.assets);
      const entry = { network: "eip155:1", address: "0xabc", symbol: "T", decimals: 6 };
      expect(parseAssets(JSON.stringify([entry]))).toEqual([{ ...entry, usd: false }]);
      for (const bad of [
        { ...entry, decimals: 1.5 },
        { ...entry, usd: "yes" },
        { ...entry, eip712: { name: "T" } },
        { ...entry, tokenProgram: 7 },
        { ...entry, extra: 1 },
        { ...entry, symbol: "" },
      ]) {
        expect(() => parseAssets(JSON.stringify([bad]))).toThrowError(
          expect.objectContaining({ code: "CONFIG_INVALID" }),
        );
      }
    });
  });
});
