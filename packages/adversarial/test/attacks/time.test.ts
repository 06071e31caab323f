// Time attacks: EIP-3009 authorizations that expired, expire within the settlement buffer, or are not valid
// yet; credentials kept until after they expired; IETF challenges past their expiry or with a forged one; a
// Solana transaction whose blockhash went stale; push transfers older than the offer window.
import { exactEvmPayer } from "@paymux/chain-evm/client";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import {
  editPaymentCredential,
  expectRefused,
  expectServed,
  field,
  type Pick,
  PRICE,
  PUSHES,
  problemOf,
  signOffer,
  useArena,
} from "./harness.js";

let skew = 0;
const arena = useArena("time", { server: { now: () => Date.now() + skew } });

/** Runs `attack` with the server's clock moved by `ms`. */
async function at<T>(ms: number, attack: () => Promise<T>): Promise<T> {
  skew = ms;
  try {
    return await attack();
  } finally {
    skew = 0;
  }
}

/** An EVM exact payer whose clock is off by `ms` (its authorizations' validity window moves with it). */
const skewedPayer = (ms: number) => [
  exactEvmPayer({
    signer: privateKeyToAccount(arena.payer.evm?.privateKey as `0x${string}`),
    now: () => Date.now() + ms,
    assets: arena.local.assets,
  }),
];

describe("EIP-3009 validity window", () => {
  const evm = (dialect: Pick["dialect"]): Pick => ({ dialect, scheme: "exact", chain: "evm" });
  const cases: [string, number][] = [
    ["expired an hour ago", -3_600_000],
    ["expired a second ago", -61_000], // validBefore = signer's now + 60 s
    ["expiring within the settlement buffer (3 s left)", -57_000],
    ["not valid for another hour", 3_600_000 + 600_000],
    ["not valid for another second", 601_000], // validAfter = signer's now − 600 s
  ];
  for (const dialect of ["x402-v2", "x402-v1"] as const) {
    for (const [name, ms] of cases) {
      it(`${dialect}: an authorization ${name}`, async () => {
        const before = await arena.recipient("evm");
        const headers = await signOffer(await arena.offer("/a", evm(dialect)), skewedPayer(ms));
        const answer = await arena.request("/a", headers);
        expectRefused(answer);
        expect(await arena.recipient("evm")).toBe(before);
        expect(arena.runs("/a")).toBe(0);
      });
    }
  }

  it("a valid credential kept until it expired, then presented; it still pays once when in time", async () => {
    const before = await arena.recipient("evm");
    const headers = await arena.credential("/b", evm("x402-v2"));
    expectRefused(await at(120_000, () => arena.request("/b", headers)));
    expectRefused(await at(-700_000, () => arena.request("/b", headers))); // a server clock far behind
    expect(await arena.recipient("evm")).toBe(before);
    expectServed(await arena.request("/b", headers));
    expect((await arena.recipient("evm")) - before).toBe(PRICE);
  });
});

describe("IETF challenge expiry", () => {
  for (const chain of ["evm", "solana"] as const) {
    it(`${chain}: presented after the challenge expired, then with a forged later expiry`, async () => {
      const before = await arena.recipient(chain);
      const headers = await arena.credential("/dear", { dialect: "payment-auth", scheme: "exact", chain });
      const late = await at(301_000, () => arena.request("/dear", headers));
      expectRefused(late);
      expect(problemOf(late)).toBe("payment-expired");
      for (const expires of ["2099-01-01T00:00:00Z", "not a date", "", "9".repeat(40)]) {
        const forged = editPaymentCredential(headers.Authorization as string, (value) => {
          field(value, "challenge").expires = expires;
        });
        expectRefused(await at(301_000, () => arena.request("/dear", { Authorization: forged })));
      }
      const dropped = editPaymentCredential(headers.Authorization as string, (value) => {
        delete field(value, "challenge").expires;
      });
      expectRefused(await arena.request("/dear", { Authorization: dropped }));
      expect(await arena.recipient(chain)).toBe(before);
      expect(arena.runs("/dear")).toBe(0);
    });
  }
});

describe("Solana: a stale blockhash", () => {
  for (const dialect of ["x402-v2", "payment-auth"] as const) {
    for (const stale of ["expired at once", "151 slots later"] as const) {
      it(`${dialect} exact, blockhash ${stale}`, async () => {
        const solana = arena.local.solana as NonNullable<typeof arena.local.solana>;
        const sponsor = await arena.local.balances(solana.feePayer, arena.solana);
        const before = await arena.recipient("solana");
        const headers = await arena.credential("/a", { dialect, scheme: "exact", chain: "solana" });
        if (stale === "expired at once") solana.engine.expireBlockhash();
        else solana.engine.advanceSlots(151);
        expectRefused(await arena.request("/a", headers));
        expect(await arena.recipient("solana")).toBe(before);
        // Nothing was broadcast: the sponsor paid no fee for the dead transaction.
        expect((await arena.local.balances(solana.feePayer, arena.solana)).native).toBe(sponsor.native);
        expect(arena.runs("/a")).toBe(0);
      });
    }
  }
});

describe("push transfers older than the offer window", () => {
  for (const pick of PUSHES) {
    it(`${pick.dialect} on ${pick.chain}: the transfer is presented after maxTimeoutSeconds`, async () => {
      const before = await arena.recipient(pick.chain, pick.asset);
      const runs = arena.runs(pick.path);
      const headers = await arena.credential(pick.path, pick);
      // IETF challenges expire first (300 s = the push window): the legacy dialect has no challenge, so the
      // age check is its only clock. Both are refused.
      expectRefused(await at(301_000, () => arena.request(pick.path, headers)));
      expectRefused(await at(3_600_000, () => arena.request(pick.path, headers)));
      expect(arena.runs(pick.path)).toBe(runs);
      expect((await arena.recipient(pick.chain, pick.asset)) - before).toBe(pick.price);
    });
  }
});
