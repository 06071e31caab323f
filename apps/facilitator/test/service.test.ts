// The service in-process over real HTTP, against the local chains: health, /supported, a paid EVM and Solana
// settlement, the bearer token, and a graceful close.
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import {
  matchNetworkPattern,
  type Offer,
  offerToRequirementsV2,
  parseSchema,
  type SchemePayer,
  SupportedResponseSchema,
} from "@paymux/core";
import { type LocalPayer, type LocalPayments, startLocalPayments } from "@paymux/local";
import { payX402 } from "@paymux/testing/payments";
import { getBase58Decoder } from "@solana/kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FacilitatorService, startFacilitatorService } from "../src/server.js";

const TOKEN = "test-token-0123456789abcdef";
let local: LocalPayments;
let payer: LocalPayer;
let feePayer: { address: string; secretKey: Uint8Array };
let service: FacilitatorService;
let env: Record<string, string>;
const logs: string[] = [];
let evm: string;
let solana: string;

beforeAll(async () => {
  local = await startLocalPayments();
  evm = local.evm?.caip2 as string;
  solana = local.solana?.caip2 as string;
  payer = await local.createPayer();
  // A fresh wallet with SOL only: the service's own fee payer, not the one local's payees use.
  const sponsor = await local.createPayer({ usdc: "0", sol: "100" });
  feePayer = sponsor.solana as { address: string; secretKey: Uint8Array };
  env = {
    PAYMUX_FACILITATOR_PORT: "0",
    PAYMUX_EVM_RPC_URLS: `${evm}=${local.evm?.rpcUrl}`,
    PAYMUX_EVM_SETTLER_KEY: local.evm?.settler.privateKey as string,
    PAYMUX_SOLANA_RPC_URLS: `${solana}=${local.solana?.rpcUrl}`,
    // The Solana CLI's keypair-file format.
    PAYMUX_SOLANA_FEE_PAYER_KEY: JSON.stringify([...feePayer.secretKey]),
    PAYMUX_FACILITATOR_TOKEN: TOKEN,
  };
  service = await startFacilitatorService(env, { log: (line) => logs.push(line) });
});
afterAll(async () => {
  await service?.close();
  await local?.stop();
});

const auth = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" };
const postJson = (path: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${service.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });

function exactPayer(network: string): SchemePayer {
  const found = payer.payers.find(
    (entry) =>
      entry.scheme === "exact" &&
      entry.networks.some((pattern) => matchNetworkPattern(pattern, network) >= 0),
  );
  if (!found) throw new Error(`no exact payer on ${network}`);
  return found;
}

async function offerOn(network: string): Promise<Offer> {
  const payee = local.payees.find((entry) => entry.scheme === "exact" && entry.networks.includes(network));
  const offer = await payee?.createOffer({
    price: "$0.001",
    network: network as Offer["network"],
    payTo: (local.payTo as Readonly<Record<string, string>>)[network] as string,
  });
  if (!offer) throw new Error(`no offer on ${network}`);
  return offer;
}

async function bodyFor(offer: Offer) {
  const { payment } = await payX402(exactPayer(offer.network), offer);
  if (payment.source.dialect !== "x402-v2") throw new Error("not v2");
  return {
    x402Version: 2,
    paymentPayload: payment.source.payload,
    paymentRequirements: offerToRequirementsV2(offer),
  };
}

const recipientUsdc = async (network: string) =>
  (await local.balances((local.payTo as Readonly<Record<string, string>>)[network] as string, network)).usdc;

describe("facilitator service", () => {
  it("answers /health with the served networks", async () => {
    const response = await fetch(`${service.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, networks: [evm, solana] });
  });

  it("serves /supported over HTTP without the token", async () => {
    const response = await fetch(`${service.url}/supported`);
    expect(response.status).toBe(200);
    const body = parseSchema(SupportedResponseSchema, await response.json(), "supported");
    expect(body.kinds).toEqual(
      expect.arrayContaining([
        { x402Version: 2, scheme: "exact", network: evm },
        { x402Version: 2, scheme: "exact", network: solana, extra: { feePayer: feePayer.address } },
      ]),
    );
    expect(body.signers).toEqual({
      "eip155:*": [local.evm?.settler.address],
      "solana:*": [feePayer.address],
    });
  });

  it("verifies and settles an EVM payment over HTTP, moving the funds once", async () => {
    const body = await bodyFor(await offerOn(evm));
    const verify = await postJson("/verify", body);
    expect(verify.status).toBe(200);
    expect(await verify.json()).toEqual({ isValid: true, payer: payer.evm?.address });
    const before = await recipientUsdc(evm);
    const settle = await postJson("/settle", body);
    expect(settle.status).toBe(200);
    const result = (await settle.json()) as { success: boolean; transaction: string };
    expect(result).toMatchObject({ success: true, network: evm });
    expect((await recipientUsdc(evm)) - before).toBe(1000n);
    const again = (await (await postJson("/settle", body)).json()) as { transaction: string };
    expect(again.transaction).toBe(result.transaction);
    expect((await recipientUsdc(evm)) - before).toBe(1000n);
  });

  it("settles a Solana payment sponsored by the service's fee payer", async () => {
    const offer = await offerOn(solana);
    const sponsored = { ...offer, extra: { ...offer.extra, feePayer: feePayer.address } };
    const body = await bodyFor(sponsored);
    const before = await recipientUsdc(solana);
    const result = await (await postJson("/settle", body)).json();
    expect(result).toMatchObject({ success: true, network: solana, payer: payer.solana?.address });
    expect((await recipientUsdc(solana)) - before).toBe(1000n);
  });

  it("requires the bearer token on /verify and /settle", async () => {
    const body = await bodyFor(await offerOn(evm));
    const json = { "Content-Type": "application/json" };
    for (const path of ["/verify", "/settle"]) {
      const missing = await postJson(path, body, json);
      expect(missing.status).toBe(401);
      expect(missing.headers.get("WWW-Authenticate")).toBe("Bearer");
      const wrong = await postJson(path, body, { ...json, Authorization: `Bearer ${TOKEN}x` });
      expect(wrong.status).toBe(401);
    }
    expect((await postJson("/verify", body)).status).toBe(200);
  });

  it("answers malformed bodies with 400, oversized ones with 413, unknown paths with 404", async () => {
    const bad = await fetch(`${service.url}/verify`, { method: "POST", headers: auth, body: "{nope" });
    expect(bad.status).toBe(400);
    const huge = await postJson("/settle", { padding: "x".repeat(200_000) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: "BODY_TOO_LARGE" });
    expect((await fetch(`${service.url}/nothing`)).status).toBe(404);
  });

  it("survives a client that disconnects in the middle of its body", async () => {
    const url = new URL(service.url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          `POST /settle HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: 5000\r\n\r\n{"x4`,
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
  });

  it("logs one line per request: method, path, status, time, and never a secret", () => {
    expect(logs.length).toBeGreaterThan(5);
    for (const line of logs) expect(line).toMatch(/^[A-Z]+ \/\S* \d{3} \d+ms$/);
    expect(logs.some((line) => line.startsWith("POST /settle 200 "))).toBe(true);
    expect(logs.some((line) => line.startsWith("POST /settle 499 "))).toBe(true);
    const text = logs.join("\n");
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(env["PAYMUX_EVM_SETTLER_KEY"]?.slice(2));
  });

  it("accepts the fee payer key in base58 too", async () => {
    const base58 = getBase58Decoder().decode(feePayer.secretKey);
    const other = await startFacilitatorService(
      { ...env, PAYMUX_SOLANA_FEE_PAYER_KEY: base58, PAYMUX_FACILITATOR_TOKEN: undefined },
      { log: () => undefined },
    );
    try {
      const body = (await (await fetch(`${other.url}/supported`)).json()) as {
        signers: Record<string, string[]>;
      };
      expect(body.signers["solana:*"]).toEqual([feePayer.address]);
    } finally {
      await other.close();
    }
  });

  it("closes gracefully: finishes the request in flight, then refuses connections", async () => {
    const other = await startFacilitatorService(env, { log: () => undefined });
    const url = new URL(other.url);
    // A keep-alive connection sitting idle must not hold the close up.
    expect((await fetch(`${other.url}/health`)).status).toBe(200);
    const body = JSON.stringify(await bodyFor(await offerOn(evm)));
    const answered = new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        { host: url.hostname, port: url.port, path: "/verify", method: "POST", headers: auth },
        (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
        },
      );
      request.on("error", reject);
      // Half the body now, the rest once the close has begun: the request is in flight during the close.
      request.write(body.slice(0, 100));
      setTimeout(() => request.end(body.slice(100)), 200);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = other.close();
    expect(await answered).toBe(200);
    await closed;
    await expect(fetch(`${other.url}/health`)).rejects.toThrow();
  });
});
