// Payments a server left unfinished: its settlement timed out (the transaction landed after the server stopped
// waiting), or the server died between verification and settlement, or in the middle of it, and a new server
// instance on the same store took over. The payer comes back with the *same* credential and must get its content
// exactly once, with its money moved exactly once; a new credential would have paid twice.
import { exactEvmPayee } from "@paymux/chain-evm/server";
import { exactSolanaPayee } from "@paymux/chain-solana/server";
import { wrapFetch } from "@paymux/client";
import type { SchemePayee } from "@paymux/core";
import { createPaymentServer, type PaymentEvent, type PaymentServer } from "@paymux/core/server";
import { redisStore } from "@paymux/store-redis";
import { type RedisServer, startRedisServer } from "@paymux/testing/redis";
import { type Address, createSolanaRpc, generateKeyPairSigner, type KeyPairSigner } from "@solana/kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evmPayeeVia, type FaultChains, solanaPayeeVia, startFaultChains } from "./chains.js";
import { CONTENT, type PaidApp, send, servePayee, signPayment } from "./harness.js";

const PRICE = 1_000n; // "$0.001" in the test USDC's 6 decimals
const PENDING = /not known yet; retry with the same credential/;
/** The paid route of the in-process instances: USDC only, so every offer is one the payer can sign. */
const ROUTE = { price: "$0.001" };

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

/** A server instance ("process") on the shared Redis; `crash()` drops it without letting anything finish. */
function instance(payees: SchemePayee[], chains: FaultChains, settle: "after" | "before" = "after") {
  const events: PaymentEvent[] = [];
  const store = redisStore({ url: redis.url, prefix: "recovery:" });
  const server = createPaymentServer({
    payees,
    payTo: chains.local.payTo,
    networks: chains.local.networks,
    assets: chains.local.assets,
    store,
    settle,
    resumeAfterSeconds: 1,
    onEvent: (event) => events.push(event),
  });
  return { server, events, crash: () => store.close() };
}

const reached = (events: PaymentEvent[], type: PaymentEvent["type"]) =>
  new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (events.some((event) => event.type === type)) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > 20_000) {
        clearInterval(poll);
        reject(new Error(`no ${type} event`));
      }
    }, 10);
  });

/** A request through an instance's fetch handler, read whole. */
async function ask(
  server: PaymentServer,
  url: string,
  headers: Record<string, string>,
  counter: { n: number },
) {
  const response = await server.handle(new Request(url, { headers }), ROUTE, async () => {
    counter.n++;
    return Response.json({ content: CONTENT, n: counter.n });
  });
  const body = await response.text();
  return { status: response.status, body, served: body.includes(CONTENT) };
}

const neverAnswers = () => new Promise<Response>(() => {});
const afterLease = () => new Promise((resolve) => setTimeout(resolve, 1_100));

describe("EVM exact: settlement outcomes the server did not see", () => {
  let chains: FaultChains;
  let app: PaidApp;
  let network: string;
  beforeAll(async () => {
    chains = await startFaultChains({ evm: true });
    network = chains.local.evm?.caip2 as string;
    const proxy = chains.evmProxy;
    if (!proxy) throw new Error("no EVM proxy");
    // A short receipt wait: the server gives up on the receipt long before a real chain would be done.
    const payee = evmPayeeVia(chains.local, proxy.url, {
      timeoutMs: 1_000,
      retryCount: 0,
      receiptTimeoutMs: 300,
    });
    app = await servePayee(chains.local, payee);
  });
  afterAll(async () => {
    await app?.close();
    await chains?.close();
  });
  const recipient = () => chains.recipientUsdc(network);
  const sign = () => signPayment(app.url, { scheme: "exact", network }, chains.payer.payers);

  it("receipt never seen (timeout): 503 pending; the same credential then gets the content, charged once", async () => {
    const proxy = chains.evmProxy as NonNullable<FaultChains["evmProxy"]>;
    const before = await recipient();
    const headers = await sign();
    proxy.setFault({ kind: "error", method: "eth_getTransactionReceipt", status: 503 });
    const first = await send(app.url, headers);
    proxy.setFault("none");
    expect(first.status).toBe(503);
    expect(first.body).toMatch(PENDING);
    expect(first.served).toBe(false);
    // The transfer landed although the server never saw its receipt.
    expect((await recipient()) - before).toBe(PRICE);

    const second = await send(app.url, headers);
    expect(second.status).toBe(200);
    expect(second.served).toBe(true);
    expect(app.events.some((event) => event.type === "resumed" && event.state === "unknown")).toBe(true);
    const third = await send(app.url, headers);
    expect(third.status).toBe(402);
    expect(third.served).toBe(false);
    expect((await recipient()) - before).toBe(PRICE);
  });

  it("the send's own answer lost: found again by the token's AuthorizationUsed event, charged once", async () => {
    const proxy = chains.evmProxy as NonNullable<FaultChains["evmProxy"]>;
    const before = await recipient();
    const headers = await sign();
    proxy.setFault({ kind: "drop-response", method: "eth_sendRawTransaction", nth: 1 });
    const first = await send(app.url, headers);
    proxy.setFault("none");
    expect(first.status).toBe(503);
    expect(first.served).toBe(false);
    expect((await recipient()) - before).toBe(PRICE);

    const second = await send(app.url, headers);
    expect(second).toMatchObject({ status: 200, served: true });
    expect((await send(app.url, headers)).status).toBe(402);
    expect((await recipient()) - before).toBe(PRICE);
  });

  it("wrapFetch re-sends the same credential by itself: one call, one 200, one payment", async () => {
    const proxy = chains.evmProxy as NonNullable<FaultChains["evmProxy"]>;
    const before = await recipient();
    const sent: number[] = [];
    const paying = wrapFetch(fetch, {
      payers: chains.payer.payers,
      preferences: { networks: [network], schemes: ["exact"] },
      resend: { maxDelayMs: 50 },
      onEvent: (event) => {
        if (event.type === "sent") sent.push(event.attempt);
      },
    });
    proxy.setFault({ kind: "drop-response", method: "eth_sendRawTransaction", nth: 1 });
    const response = await paying(app.url);
    proxy.setFault("none");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(CONTENT);
    expect(sent).toEqual([1, 2]);
    expect((await recipient()) - before).toBe(PRICE);
  });
  it("a re-send while the settlement is being sent hears 503 (not 'used'), then nothing twice", async () => {
    const proxy = chains.evmProxy as NonNullable<FaultChains["evmProxy"]>;
    const before = await recipient();
    const headers = await sign();
    proxy.setFault({ kind: "slow", method: "eth_sendRawTransaction", ms: 800 });
    const handled = app.handled();
    const first = send(app.url, headers);
    await waitFor(() => app.handled() > handled);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const resent = await send(app.url, headers);
    expect(resent.status).toBe(503);
    expect(resent.body).toMatch(PENDING);
    expect(await first).toMatchObject({ status: 200, served: true });
    proxy.setFault("none");
    expect((await send(app.url, headers)).status).toBe(402);
    expect((await recipient()) - before).toBe(PRICE);
  });

  it("the payer hangs up while its payment settles: paid once, and served when it re-sends", async () => {
    const proxy = chains.evmProxy as NonNullable<FaultChains["evmProxy"]>;
    const before = await recipient();
    const headers = await sign();
    proxy.setFault({ kind: "slow", method: "eth_sendRawTransaction", ms: 800 });
    const handled = app.handled();
    const hangUp = new AbortController();
    const first = fetch(app.url, { headers, signal: hangUp.signal }).catch((error: unknown) => error);
    await waitFor(() => app.handled() > handled);
    await new Promise((resolve) => setTimeout(resolve, 100));
    hangUp.abort();
    expect(await first).toBeInstanceOf(Error);
    await waitFor(async () => (await recipient()) - before === PRICE);
    await waitFor(() => app.events.some((event) => event.type === "settled" && event.ms >= 700));
    proxy.setFault("none");
    const resent = await send(app.url, headers);
    expect(resent).toMatchObject({ status: 200, served: true });
    expect((await send(app.url, headers)).status).toBe(402);
    expect((await recipient()) - before).toBe(PRICE);
  });
});

describe("EVM exact: a server restart, state recovered from the shared store", () => {
  let chains: FaultChains;
  let network: string;
  let url: string;
  beforeAll(async () => {
    chains = await startFaultChains({ evm: true });
    network = chains.local.evm?.caip2 as string;
    url = "http://api.test/report";
  });
  afterAll(async () => {
    await chains?.close();
  });
  const evm = () => chains.local.evm as NonNullable<FaultChains["local"]["evm"]>;
  const directPayee = () =>
    exactEvmPayee({ rpcUrls: { [network]: evm().rpcUrl }, settler: evm().settler, assets: [evm().asset] });
  const recipient = () => chains.recipientUsdc(network);
  // The credential a payer signs for this route's 402 (any instance makes the same offer).
  const signFor = async (server: PaymentServer) => {
    const challenge = await server.handle(new Request(url), ROUTE, async () => new Response("free?"));
    expect(challenge.status).toBe(402);
    const app = { url: "" };
    const origin = await serveOnce(challenge);
    app.url = origin.url;
    try {
      return await signPayment(app.url, { scheme: "exact", network }, chains.payer.payers);
    } finally {
      await origin.close();
    }
  };

  it("died after verification, before settlement: the retry is refused while the lease runs, then served once", async () => {
    const before = await recipient();
    const a = instance([directPayee()], chains);
    const headers = await signFor(a.server);
    void a.server.handle(new Request(url, { headers }), ROUTE, neverAnswers);
    await reached(a.events, "verified");
    await a.crash();

    const b = instance([directPayee()], chains);
    const counter = { n: 0 };
    const early = await ask(b.server, url, headers, counter);
    expect(early).toMatchObject({ status: 402, served: false });
    await afterLease();
    const resumed = await ask(b.server, url, headers, counter);
    expect(resumed).toMatchObject({ status: 200, served: true });
    expect(b.events).toContainEqual(expect.objectContaining({ type: "resumed", state: "claimed" }));
    expect(await ask(b.server, url, headers, counter)).toMatchObject({ status: 402, served: false });
    expect(counter.n).toBe(1);
    expect((await recipient()) - before).toBe(PRICE);
    await b.server.close();
  });

  it("died after settling (settle before the handler), before delivery: served once, not settled again", async () => {
    const before = await recipient();
    const a = instance([directPayee()], chains, "before");
    const headers = await signFor(a.server);
    void a.server.handle(new Request(url, { headers }), ROUTE, neverAnswers);
    await reached(a.events, "settled");
    await a.crash();
    expect((await recipient()) - before).toBe(PRICE);

    await afterLease();
    const b = instance([directPayee()], chains, "before");
    const counter = { n: 0 };
    const resumed = await ask(b.server, url, headers, counter);
    expect(resumed).toMatchObject({ status: 200, served: true });
    expect(b.events).toContainEqual(expect.objectContaining({ type: "resumed", state: "settled" }));
    expect(b.events.some((event) => event.type === "settled")).toBe(false);
    expect(await ask(b.server, url, headers, counter)).toMatchObject({ status: 402, served: false });
    expect(counter.n).toBe(1);
    expect((await recipient()) - before).toBe(PRICE);
    await b.server.close();
  });

  it("died in the middle of settlement (sent, answer never came): the new instance finds it on chain", async () => {
    const proxy = chains.evmProxy as NonNullable<FaultChains["evmProxy"]>;
    const before = await recipient();
    // Instance A reaches the chain through the proxy, which lets the transaction through and then hangs.
    const slow = evmPayeeVia(chains.local, proxy.url, {
      timeoutMs: 60_000,
      retryCount: 0,
      receiptTimeoutMs: 60_000,
    });
    const a = instance([slow], chains);
    const headers = await signFor(a.server);
    proxy.setFault({ kind: "drop-response", method: "eth_sendRawTransaction", instead: "hang" });
    void a.server.handle(new Request(url, { headers }), ROUTE, async () =>
      Response.json({ content: CONTENT }),
    );
    await waitFor(() => proxy.count("eth_sendRawTransaction") === 1);
    await a.crash();
    await waitFor(async () => (await recipient()) - before === PRICE);

    await afterLease();
    const b = instance([directPayee()], chains);
    const counter = { n: 0 };
    const resumed = await ask(b.server, url, headers, counter);
    expect(resumed).toMatchObject({ status: 200, served: true });
    expect(b.events).toContainEqual(expect.objectContaining({ type: "resumed", state: "settling" }));
    expect(await ask(b.server, url, headers, counter)).toMatchObject({ status: 402, served: false });
    expect((await recipient()) - before).toBe(PRICE);
    proxy.setFault("none");
    await b.server.close();
  });
});

describe("Solana exact: settlement outcomes the server did not see", () => {
  let chains: FaultChains;
  let network: string;
  beforeAll(async () => {
    chains = await startFaultChains({ solana: true });
    network = chains.local.solana?.caip2 as string;
  });
  afterAll(async () => {
    await chains?.close();
  });
  const recipient = () => chains.recipientUsdc(network);

  it("sendTransaction's answer lost: 503 pending, then the same credential is served, charged once", async () => {
    const proxy = chains.solanaProxy as NonNullable<FaultChains["solanaProxy"]>;
    const payee = await solanaPayeeVia(chains.local, proxy.url, {
      timeoutMs: 1_000,
      confirmTimeoutMs: 2_000,
    });
    const app = await servePayee(chains.local, payee);
    try {
      const before = await recipient();
      const headers = await signPayment(app.url, { scheme: "exact", network }, chains.payer.payers);
      proxy.setFault({ kind: "drop-response", method: "sendTransaction", nth: 1 });
      const first = await send(app.url, headers);
      proxy.setFault("none");
      expect(first.status).toBe(503);
      expect(first.body).toMatch(PENDING);
      expect((await recipient()) - before).toBe(PRICE);

      expect(await send(app.url, headers)).toMatchObject({ status: 200, served: true });
      expect((await send(app.url, headers)).status).toBe(402);
      expect((await recipient()) - before).toBe(PRICE);
    } finally {
      await app.close();
    }
  });

  it("died in the middle of settlement: a restarted instance with the same fee payer finds the signature", async () => {
    const proxy = chains.solanaProxy as NonNullable<FaultChains["solanaProxy"]>;
    const solana = chains.local.solana as NonNullable<FaultChains["local"]["solana"]>;
    const feePayer: KeyPairSigner = await generateKeyPairSigner();
    await solana.airdrop(feePayer.address as Address, 10_000_000_000n);
    const payeeVia = (rpcUrl: string) =>
      exactSolanaPayee({
        rpc: { [network]: createSolanaRpc(rpcUrl) },
        feePayer,
        assets: solana.assets,
        intervalMs: 20,
        timeoutMs: 60_000,
      });
    const before = await recipient();
    const a = instance([payeeVia(proxy.url)], chains);
    const url = "http://api.test/sol";
    const challenge = await a.server.handle(new Request(url), ROUTE, async () => new Response("free?"));
    const origin = await serveOnce(challenge);
    const headers = await signPayment(origin.url, { scheme: "exact", network }, chains.payer.payers).finally(
      () => origin.close(),
    );
    const sentBefore = proxy.count("sendTransaction");
    proxy.setFault({ kind: "drop-response", method: "sendTransaction", instead: "hang" });
    void a.server.handle(new Request(url, { headers }), ROUTE, async () =>
      Response.json({ content: CONTENT }),
    );
    await waitFor(() => proxy.count("sendTransaction") === sentBefore + 1);
    await a.crash();
    await waitFor(async () => (await recipient()) - before === PRICE);

    await afterLease();
    const b = instance([payeeVia(solana.rpcUrl)], chains);
    const counter = { n: 0 };
    expect(await ask(b.server, url, headers, counter)).toMatchObject({ status: 200, served: true });
    expect(b.events).toContainEqual(expect.objectContaining({ type: "resumed", state: "settling" }));
    expect(await ask(b.server, url, headers, counter)).toMatchObject({ status: 402, served: false });
    expect((await recipient()) - before).toBe(PRICE);
    proxy.setFault("none");
    await b.server.close();
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// The harness signs from a URL that answers 402; this serves one captured 402 so an in-process instance's
// challenge can be signed the same way.
async function serveOnce(challenge: Response): Promise<{ url: string; close(): Promise<void> }> {
  const { createServer } = await import("node:http");
  const body = await challenge.text();
  const server = createServer((_request, response) => {
    response.writeHead(challenge.status, Object.fromEntries(challenge.headers));
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
