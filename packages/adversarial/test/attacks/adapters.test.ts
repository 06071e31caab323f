// The adapters add no hole: the replay, route-swap and underpayment attacks again, over real sockets, through
// Express and Hono apps that share one payment server (so a credential spent on one is spent on the other).
import type { ReceivedOffer } from "@paymux/core";
import { describe, expect, it } from "vitest";
import {
  atOnce,
  expectOneServed,
  expectRefused,
  expectServed,
  type Pick,
  PRICE,
  pickOffer,
  signOffer,
  useArena,
} from "./harness.js";
import { type SocketApp, useApps } from "./sockets.js";

const arena = useArena("adapters");
const appNamed = useApps(arena);

const PICKS: Pick[] = [
  { dialect: "x402-v2", scheme: "exact", chain: "evm" },
  { dialect: "payment-auth", scheme: "exact", chain: "solana" },
  { dialect: "payment-auth", scheme: "push", chain: "evm" },
];

/** A 402 from the app itself, read by the client code. */
async function offerVia(app: SocketApp, path: string, pick: Pick): Promise<ReceivedOffer> {
  const response = await fetch(`http://127.0.0.1:${app.port}${path}`);
  return pickOffer(response, pick, arena.network(pick.chain));
}

for (const name of ["express", "hono"] as const) {
  const app = () => appNamed(name);
  describe(`${name} over a real socket`, () => {
    for (const pick of PICKS) {
      it(`${pick.dialect} ${pick.scheme} on ${pick.chain}: replayed in order and 100 at once`, async () => {
        const before = await arena.recipient(pick.chain);
        const runs = app().runs("/a");
        const first = await signOffer(await offerVia(app(), "/a", pick), arena.payer.payers);
        expectServed(await app().request("/a", first));
        for (let i = 0; i < 3; i++) expectRefused(await app().request("/a", first));
        const second = await signOffer(await offerVia(app(), "/a", pick), arena.payer.payers);
        expectOneServed(await atOnce(100, () => app().request("/a", second)));
        expect(app().runs("/a") - runs).toBe(2);
        expect((await arena.recipient(pick.chain)) - before).toBe(2n * PRICE);
      });
    }

    it("a credential spent through this adapter, replayed through the other", async () => {
      const other = appNamed(name === "express" ? "hono" : "express");
      const pick = PICKS[0] as Pick;
      const before = await arena.recipient("evm");
      const headers = await signOffer(await offerVia(app(), "/b", pick), arena.payer.payers);
      expectServed(await app().request("/b", headers));
      expectRefused(await other.request("/b", headers));
      expect((await arena.recipient("evm")) - before).toBe(PRICE);
    });

    it("a credential for /a on /dear, and one signed for price − 1", async () => {
      const before = await arena.recipient("evm");
      const pick = PICKS[0] as Pick;
      const cheap = await signOffer(await offerVia(app(), "/a", pick), arena.payer.payers);
      expectRefused(await app().request("/dear", cheap));
      const offer = await offerVia(app(), "/dear", pick);
      const short = await signOffer({ ...offer, amount: offer.amount - 1n }, arena.payer.payers);
      expectRefused(await app().request("/dear", short));
      expect(app().runs("/dear")).toBe(0);
      expect(await arena.recipient("evm")).toBe(before);
    });
  });
}
