// A credential is usable once across a shared Redis store: 50 concurrent duplicates through one server, and
// through two server processes sharing one Redis, give exactly one 200 and one on-chain transfer.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { createPaymentServer } from "@paymux/core/server";
import { type LocalPayer, type LocalPayments, startLocalPayments } from "@paymux/local";
import { redisStore } from "@paymux/store-redis";
import { type RedisServer, startRedisServer } from "@paymux/testing/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFUSED_DUPLICATE } from "./conformance.js";
import { payHeaders } from "./pay.js";

const SECRET = "redis-e2e-secret-redis-e2e-secret-rr!";
const CONTENT = "paid-content-7f3a";

let redis: RedisServer;
let local: LocalPayments;
let payer: LocalPayer;
let evm: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  [redis, local] = await Promise.all([startRedisServer(), startLocalPayments({ solana: false })]);
  payer = await local.createPayer();
  evm = local.evm?.caip2 as string;
});
afterAll(async () => {
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((child) => new Promise((resolve) => child.once("exit", resolve))));
  await local?.stop();
  await redis?.stop();
});

const recipient = async () => (await local.balances(local.payTo[evm as never] as string, evm)).usdc;
const pick = () => ({ dialect: "x402-v2" as const, scheme: "exact", network: evm });

describe("the Redis store under concurrent duplicates", () => {
  it("lets one of 50 concurrent requests through one server", async () => {
    const server = createPaymentServer({
      payees: local.payees,
      payTo: local.payTo,
      networks: local.networks,
      assets: local.assets,
      secret: SECRET,
      store: redisStore({ url: redis.url }),
      routes: { "GET /data": { price: "$0.001" } },
    });
    const fetch = (init?: RequestInit) =>
      server.fetch(new Request("http://localhost/data", init), async () =>
        Response.json({ content: CONTENT }),
      );
    try {
      const before = await recipient();
      const headers = await payHeaders(await fetch(), pick(), payer.payers);
      const responses = await Promise.all(Array.from({ length: 50 }, () => fetch({ headers })));
      expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
      expect(responses.filter((response) => REFUSED_DUPLICATE.has(response.status))).toHaveLength(49);
      expect((await recipient()) - before).toBe(1000n);
    } finally {
      await server.close();
    }
  });

  it("lets one of 50 concurrent requests through two server processes sharing one Redis", async () => {
    const chain = local.evm;
    if (!chain) throw new Error("no EVM chain");
    const config = {
      redisUrl: redis.url,
      network: evm,
      rpcUrl: chain.rpcUrl,
      asset: chain.asset,
      payTo: local.payTo[evm as never],
      secret: SECRET,
    };
    const urls = await Promise.all(
      [chain.payee.privateKey, chain.deployer.privateKey].map((settlerKey) =>
        startChild({ ...config, settlerKey }),
      ),
    );
    const [first, second] = urls as [string, string];
    const before = await recipient();
    const headers = await payHeaders(await fetch(`${first}/data`), pick(), payer.payers);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => fetch(`${i % 2 === 0 ? first : second}/data`, { headers })),
    );
    const bodies = await Promise.all(responses.map((response) => response.text()));
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    expect(responses.filter((response) => REFUSED_DUPLICATE.has(response.status))).toHaveLength(49);
    expect(bodies.filter((body) => body.includes(CONTENT))).toHaveLength(1);
    expect((await recipient()) - before).toBe(1000n);
  });
});

async function startChild(config: Record<string, unknown>): Promise<string> {
  const child = spawn(process.execPath, [new URL("./fixtures/server.mjs", import.meta.url).pathname], {
    env: { ...process.env, PAYMUX_E2E_CONFIG: JSON.stringify(config) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`server process exited early (${code})`)));
    lines.once("line", (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
}
