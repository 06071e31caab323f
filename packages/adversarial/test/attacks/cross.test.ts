// Credentials moved where they were not issued: to another route (same price, dearer), to another network of
// the same kind (a twin anvil with another chain id and the token at the same address; a twin LiteSVM cluster
// with the same mint address), and to networks the server does not serve at all.
import { createPaymentServer, type PaymentServer } from "@paymux/core/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Answer,
  type Arena,
  arenaOf,
  EXACTS,
  editBase64Json,
  editPaymentCredential,
  expectOneServed,
  expectRefused,
  expectServed,
  type Pick,
  PRICE,
  PUSHES,
  pickOffer,
  problemOf,
  ROUTES,
  signOffer,
  tally,
  useArena,
} from "./harness.js";
import { startTwins, type Twins } from "./twins.js";

const arena = useArena("cross", { routes: { ...ROUTES, "GET /sol-dear": { amount: "0.002" } } });
let twins: Twins;
let twin: Arena;

beforeAll(async () => {
  twins = await startTwins(arena.local, arena.payer);
  const server: PaymentServer = createPaymentServer({
    payees: twins.payees,
    payTo: twins.payTo,
    networks: twins.networks,
    assets: twins.assets,
    routes: ROUTES,
    secret: "adversarial-twin-secret-adversarial-twin!",
  });
  twin = arenaOf(arena.local, arena.payer, server);
});
afterAll(async () => {
  await twin?.server.close();
  await twins?.stop();
});

describe("route swap: a credential for a cheap route presented on a dearer one", () => {
  /** The dearer route of each cheap one (`/sol-dear` is added to this file's routes). */
  const DEARER: Record<string, string> = { "/a": "/dear", "/sol": "/sol-dear" };
  for (const pick of [...EXACTS, ...PUSHES]) {
    const [from, to] = [pick.path, DEARER[pick.path] as string];
    it(`${pick.dialect} ${pick.scheme} on ${pick.chain}: refused on ${to}, still good once on ${from}`, async () => {
      const balance = () => arena.recipient(pick.chain, pick.asset);
      const before = await balance();
      const headers = await arena.credential(from, pick);
      const dear = await arena.request(to, headers);
      expectRefused(dear);
      expect(arena.runs(to)).toBe(0);
      // A pull credential moved nothing; a push one moved the payer's own transfer, once, when it was made.
      expect((await balance()) - before).toBe(pick.scheme === "push" ? pick.price : 0n);
      // The refused attempt must not have burnt the payer's credential for the route it was made for.
      expectServed(await arena.request(from, headers));
      expectRefused(await arena.request(to, headers));
      expect((await balance()) - before).toBe(pick.price);
    });
  }
});

describe("route swap at the same price: the credential buys one of the two, once", () => {
  const picks: Pick[] = [
    { dialect: "x402-v2", scheme: "exact", chain: "evm" },
    { dialect: "payment-auth", scheme: "exact", chain: "evm" },
    { dialect: "x402-v2", scheme: "exact", chain: "solana" },
    { dialect: "payment-auth", scheme: "push", chain: "evm" },
  ];
  for (const pick of picks) {
    it(`${pick.dialect} ${pick.scheme} on ${pick.chain}`, async () => {
      const before = await arena.recipient(pick.chain);
      const runs = arena.runs("/a") + arena.runs("/b");
      const headers = await arena.credential("/a", pick);
      // Same price, same recipient, same terms: x402 and IETF bind a payment to terms, not to a URL, so
      // paying /b with it is what the payer chose. What must hold is one resource for one payment.
      const answers = [await arena.request("/b", headers), await arena.request("/a", headers)];
      expectOneServed(answers);
      tally();
      expect(arena.runs("/a") + arena.runs("/b") - runs).toBe(1);
      expect((await arena.recipient(pick.chain)) - before).toBe(PRICE);
    });
  }
});

describe("cross-network replay (twin chains with the same token addresses)", () => {
  const twinOf = (chain: "evm" | "solana") => (chain === "evm" ? twins.evm.caip2 : twins.solana.caip2);
  const offerOn = async (path: string, pick: Pick, network: string) =>
    pickOffer(
      await twin.server.fetch(new Request(`http://paymux.test${path}`), () =>
        Promise.reject(new Error("unpaid")),
      ),
      pick,
      network,
    );
  const balances = async () => ({
    evm: await twin.recipient("evm"),
    evmTwin: await twins.recipientOnTwin("evm"),
    solana: await twin.recipient("solana"),
    solanaTwin: await twins.recipientOnTwin("solana"),
  });

  for (const chain of ["evm", "solana"] as const) {
    it(`${chain}: an x402 v2 payment signed for one network, relabelled to its twin (and back)`, async () => {
      const pick: Pick = { dialect: "x402-v2", scheme: "exact", chain };
      const before = await balances();
      for (const [signedOn, sentTo] of [
        [twin.network(chain), twinOf(chain)],
        [twinOf(chain), twin.network(chain)],
      ] as const) {
        const headers = await signOffer(await offerOn("/a", pick, signedOn), twins.payers);
        const relabelled = editBase64Json(headers["PAYMENT-SIGNATURE"] as string, (value) => {
          (value.accepted as Record<string, unknown>).network = sentTo;
        });
        const answer = await twin.request("/a", { "PAYMENT-SIGNATURE": relabelled });
        expectRefused(answer);
        expect(problemOf(answer)).toMatch(/verification-failed|payment-insufficient/);
      }
      expect(await balances()).toEqual(before);
      expect(twin.runs("/a")).toBe(0);
    });
  }

  it("evm: a used x402 v2 payment relabelled to the twin after it was settled", async () => {
    const pick: Pick = { dialect: "x402-v2", scheme: "exact", chain: "evm" };
    const headers = await signOffer(await offerOn("/b", pick, twin.evm), twins.payers);
    const before = await balances();
    expectServed(await twin.request("/b", headers));
    const relabelled = editBase64Json(headers["PAYMENT-SIGNATURE"] as string, (value) => {
      (value.accepted as Record<string, unknown>).network = twins.evm.caip2;
    });
    expectRefused(await twin.request("/b", { "PAYMENT-SIGNATURE": relabelled }));
    const after = await balances();
    expect(after.evm - before.evm).toBe(PRICE);
    expect(after.evmTwin).toBe(before.evmTwin);
  });

  it("evm: an x402 v1 X-PAYMENT relabelled to the twin chain", async () => {
    const pick: Pick = { dialect: "x402-v1", scheme: "exact", chain: "evm" };
    const before = await balances();
    const headers = await signOffer(await offerOn("/a", pick, twin.evm), twins.payers);
    const relabelled = editBase64Json(headers["X-PAYMENT"] as string, (value) => {
      value.network = twins.evm.caip2;
    });
    expectRefused(await twin.request("/a", { "X-PAYMENT": relabelled }));
    expect(await balances()).toEqual(before);
  });

  it("evm: an IETF credential answering the twin's challenge with an authorization signed for this chain", async () => {
    const pick: Pick = { dialect: "payment-auth", scheme: "exact", chain: "evm" };
    const before = await balances();
    const offer = await offerOn("/a", pick, twins.evm.caip2);
    // The payer is fooled into signing the twin's challenge with this chain's id in the EIP-712 domain.
    const headers = await signOffer({ ...offer, network: twin.evm as typeof offer.network }, twins.payers);
    expectRefused(await twin.request("/a", headers));
    expect(await balances()).toEqual(before);
  });

  it("solana: a push transfer made on one cluster presented for the twin (IETF and legacy)", async () => {
    const before = await twins.recipientOnTwin("sol");
    const pick: Pick = { dialect: "payment-auth", scheme: "push", chain: "solana" };
    const headers = await signOffer(await offerOn("/sol", pick, twin.solana), twins.payers);
    const toTwin = await offerOn("/sol", pick, twins.solana.caip2);
    const moved = editPaymentCredential(headers.Authorization as string, (value) => {
      value.challenge = toTwin.source.dialect === "payment-auth" ? toTwin.source.challenge : value.challenge;
    });
    expectRefused(await twin.request("/sol", { Authorization: moved }));
    const signature = JSON.parse(
      Buffer.from((headers.Authorization as string).slice(8), "base64url").toString(),
    ).payload.signature as string;
    expectRefused(
      await twin.request("/sol", { "Payment-Receipt": `solana; signature="${signature}"; network="devnet"` }),
    );
    expect(await twins.recipientOnTwin("sol")).toBe(before);
    expect(twin.runs("/sol")).toBe(0);
  });

  const unserved: [string, "evm" | "solana", Pick["dialect"]][] = [
    ["eip155:1", "evm", "x402-v2"],
    ["eip155:8453", "evm", "x402-v2"],
    ["eip155:84532", "evm", "x402-v2"],
    ["eip155:1", "evm", "x402-v1"],
    ["base", "evm", "x402-v1"],
    ["solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp", "solana", "x402-v2"],
    ["solana:4uhcVJyU9pJkvQyS88uRDiswHXSCkY3z", "solana", "x402-v2"],
    ["solana-devnet", "solana", "x402-v1"],
    ["solana", "solana", "x402-v1"],
  ];
  for (const [network, chain, dialect] of unserved) {
    it(`${chain} ${dialect}: relabelled to ${network}, which the server does not serve`, async () => {
      const before = await arena.recipient(chain);
      const headers = await arena.credential("/a", { dialect, scheme: "exact", chain });
      const name = dialect === "x402-v2" ? "PAYMENT-SIGNATURE" : "X-PAYMENT";
      const relabelled = editBase64Json(headers[name] as string, (value) => {
        if (dialect === "x402-v2") (value.accepted as Record<string, unknown>).network = network;
        else value.network = network;
      });
      const answer: Answer = await arena.request("/a", { [name]: relabelled });
      expectRefused(answer);
      expect(await arena.recipient(chain)).toBe(before);
    });
  }
});
