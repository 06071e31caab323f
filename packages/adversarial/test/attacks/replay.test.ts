// Replay: one credential, presented again (in order, and 100 times at once), in its own dialect and
// re-wrapped in the others. The store's atomic claim is the guard: exactly one request is served and the
// recipient gains the price exactly once.
import { encodeLegacyReceipt } from "@paymux/core";
import { describe, expect, it } from "vitest";
import {
  atOnce,
  editBase64Json,
  expectOneServed,
  expectRefused,
  expectServed,
  PRICE,
  type PricedPick,
  priced,
  ROUTES,
  SOL_PRICE,
  signOffer,
  useArena,
} from "./harness.js";

// `/early` settles before its handler runs (the seller's option): the claim must hold there too.
const arena = useArena("replay", {
  routes: { ...ROUTES, "GET /early": { price: "$0.001", settle: "before" } },
});

const CASES: [name: string, pick: PricedPick][] = [
  ["EVM exact (x402 v2)", priced("x402-v2", "exact", "evm")],
  ["EVM exact (x402 v1)", priced("x402-v1", "exact", "evm")],
  ["EVM exact (IETF)", priced("payment-auth", "exact", "evm")],
  ["Solana exact (x402 v2)", priced("x402-v2", "exact", "solana")],
  ["Solana exact (IETF)", priced("payment-auth", "exact", "solana")],
  ["EVM push (IETF hash)", priced("payment-auth", "push", "evm")],
  ["Solana push (IETF signature)", priced("payment-auth", "push", "solana")],
  ["Solana push (legacy Payment-Receipt)", priced("payment-request", "push", "solana")],
];

/** `replay` a fresh credential for `pick`; then the handler ran once and the recipient gained the price once. */
async function spentOnce(pick: PricedPick, replay: (headers: Record<string, string>) => Promise<void>) {
  const balance = () => arena.recipient(pick.chain, pick.asset);
  const before = await balance();
  const runs = arena.runs(pick.path);
  const headers = await arena.credential(pick.path, pick);
  await replay(headers);
  expect(arena.runs(pick.path) - runs).toBe(1);
  expect((await balance()) - before).toBe(pick.price);
}

describe("sequential replay: served once, refused after, paid once", () => {
  for (const [name, pick] of CASES) {
    it(name, async () => {
      await spentOnce(pick, async (headers) => {
        expectServed(await arena.request(pick.path, headers));
        for (let attempt = 0; attempt < 5; attempt++) expectRefused(await arena.request(pick.path, headers));
        // On the other route of the same price too: the claim is per credential, not per route.
        if (pick.path === "/a") expectRefused(await arena.request("/b", headers));
      });
    });
  }
});

describe("100-way concurrent replay: exactly one request is served, one transfer", () => {
  for (const [name, pick] of CASES) {
    it(name, async () => {
      await spentOnce(pick, async (headers) => {
        expectOneServed(await atOnce(100, () => arena.request(pick.path, headers)));
      });
    });
  }
});

describe("settle-before routes: 100 at once", () => {
  for (const chain of ["evm", "solana"] as const) {
    it(`x402 v2 exact on ${chain}`, async () => {
      const before = await arena.recipient(chain);
      const headers = await arena.credential("/early", { dialect: "x402-v2", scheme: "exact", chain });
      expectOneServed(await atOnce(100, () => arena.request("/early", headers)));
      expect((await arena.recipient(chain)) - before).toBe(PRICE);
    });
  }
});

describe("one IETF challenge answered twice (a challenge is single-use)", () => {
  it("two different Solana transactions for one challenge, 50 copies each at once", async () => {
    const solana = arena.local.solana as NonNullable<typeof arena.local.solana>;
    const before = await arena.recipient("solana");
    const runs = arena.runs("/dear");
    const offer = await arena.offer("/dear", { dialect: "payment-auth", scheme: "exact", chain: "solana" });
    const first = await signOffer(offer, arena.payer.payers);
    // Any transaction opens a slot: the second signature uses another blockhash, so another message.
    await solana.airdrop(solana.feePayer, 1n);
    const second = await signOffer(offer, arena.payer.payers);
    expect(second.Authorization).not.toBe(first.Authorization);
    expectOneServed(await atOnce(100, (i) => arena.request("/dear", i % 2 ? first : second)));
    expect(arena.runs("/dear") - runs).toBe(1);
    expect((await arena.recipient("solana")) - before).toBe(2n * PRICE);
  });
});

describe("cross-dialect replay: a used credential re-wrapped in another dialect", () => {
  it("an EVM authorization served over x402 v2, replayed as x402 v1 and as an IETF credential", async () => {
    const before = await arena.recipient("evm");
    const headers = await arena.credential("/a", { dialect: "x402-v2", scheme: "exact", chain: "evm" });
    expectServed(await arena.request("/a", headers));
    const v2 = JSON.parse(Buffer.from(headers["PAYMENT-SIGNATURE"] as string, "base64").toString()) as {
      payload: { authorization: Record<string, string>; signature: string };
    };
    const v1 = Buffer.from(
      JSON.stringify({ x402Version: 1, scheme: "exact", network: arena.evm, payload: v2.payload }),
    ).toString("base64");
    expectRefused(await arena.request("/a", { "X-PAYMENT": v1 }));
    // Same authorization inside a fresh IETF challenge's credential: the nonce is not that challenge's hash.
    const ietf = await arena.credential("/a", { dialect: "payment-auth", scheme: "exact", chain: "evm" });
    const swapped = swapIetfPayload(ietf.Authorization as string, {
      type: "authorization",
      ...v2.payload.authorization,
      signature: v2.payload.signature,
    });
    expectRefused(await arena.request("/a", { Authorization: swapped }));
    expect((await arena.recipient("evm")) - before).toBe(PRICE);
  });

  it("a Solana push signature served over IETF, replayed as a legacy Payment-Receipt", async () => {
    const before = await arena.recipient("solana", "native");
    const headers = await arena.credential("/sol", {
      dialect: "payment-auth",
      scheme: "push",
      chain: "solana",
    });
    expectServed(await arena.request("/sol", headers));
    const token = (headers.Authorization as string).replace(/^Payment /, "");
    const { payload } = JSON.parse(Buffer.from(token, "base64url").toString()) as {
      payload: { signature: string };
    };
    const legacy = encodeLegacyReceipt({
      signature: payload.signature,
      network: arena.solana,
      amount: SOL_PRICE,
    });
    expectRefused(await arena.request("/sol", { "Payment-Receipt": legacy }));
    expect((await arena.recipient("solana", "native")) - before).toBe(SOL_PRICE);
  });

  it("a used Solana exact transaction with other bytes in the sponsor's signature slot", async () => {
    const before = await arena.recipient("solana");
    const headers = await arena.credential("/a", { dialect: "x402-v2", scheme: "exact", chain: "solana" });
    expectServed(await arena.request("/a", headers));
    const varied = editBase64Json(headers["PAYMENT-SIGNATURE"] as string, (value) => {
      const payload = value.payload as { transaction: string };
      const bytes = Buffer.from(payload.transaction, "base64");
      bytes.fill(9, 1, 65); // the fee payer's empty slot: not part of the signed message
      payload.transaction = bytes.toString("base64");
    });
    expectRefused(await arena.request("/a", { "PAYMENT-SIGNATURE": varied }));
    expect((await arena.recipient("solana")) - before).toBe(PRICE);
  });
});

function swapIetfPayload(header: string, payload: Record<string, unknown>): string {
  const token = header.replace(/^Payment /, "");
  const credential = JSON.parse(Buffer.from(token, "base64url").toString()) as Record<string, unknown>;
  credential.payload = payload;
  return `Payment ${Buffer.from(JSON.stringify(credential)).toString("base64url")}`;
}
