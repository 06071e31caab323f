// /settle on real local chains: funds move exactly once, whatever the number and timing of the calls.
import {
  type Offer,
  offerToRequirementsV2,
  parseSchema,
  type SettleResponse,
  SettleResponseSchema,
  X402_REASONS,
} from "@paymux/core";
import { memoryStore, type PaymentStore } from "@paymux/core/server";
import { type LocalPayer, type LocalPayments, startLocalPayments } from "@paymux/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFacilitator, type Facilitator, type FacilitatorEvent } from "../src/index.js";
import { type Body, exactPayer, payV1, payV2, post, withAmount } from "./helpers.js";

let local: LocalPayments;
let payer: LocalPayer;
let facilitator: Facilitator;
let evm: string;
let solana: string;
let events: FacilitatorEvent[] = [];

beforeAll(async () => {
  local = await startLocalPayments();
  payer = await local.createPayer();
  evm = local.evm?.caip2 as string;
  solana = local.solana?.caip2 as string;
  facilitator = createFacilitator({ payees: local.payees, onEvent: (event) => events.push(event) });
});
afterAll(() => local?.stop());

const exactPayee = (network: string) => {
  const payee = local.payees.find((entry) => entry.scheme === "exact" && entry.networks.includes(network));
  if (!payee) throw new Error(`no exact payee on ${network}`);
  return payee;
};

async function offerOn(network: string): Promise<Offer> {
  const offer = await exactPayee(network).createOffer({
    price: "$0.001",
    network: network as Offer["network"],
    payTo: (local.payTo as Readonly<Record<string, string>>)[network] as string,
  });
  if (!offer) throw new Error(`no exact offer on ${network}`);
  return offer;
}

async function settle(body: unknown, on: Facilitator = facilitator): Promise<SettleResponse> {
  const response = await post(on, "/settle", body);
  expect(response.status).toBe(200);
  return parseSchema(SettleResponseSchema, await response.json(), "settle response");
}

/** USDC balances of the recipient and the payer on `network`. */
async function usdc(network: string) {
  const from = (network === evm ? payer.evm?.address : payer.solana?.address) as string;
  const [to, paying] = await Promise.all([
    local.balances((local.payTo as Readonly<Record<string, string>>)[network] as string, network),
    local.balances(from, network),
  ]);
  return { to: to.usdc, from: paying.usdc };
}

describe("POST /settle", () => {
  it.each([
    ["EVM", () => evm],
    ["Solana", () => solana],
  ])("settles an %s payment and moves the funds", async (_, network) => {
    const body = await payV2(exactPayer(payer.payers, network()), await offerOn(network()));
    const before = await usdc(network());
    const result = await settle(body);
    expect(result).toMatchObject({ success: true, network: network() });
    expect(result.transaction).not.toBe("");
    expect(result.payer).toBe(network() === evm ? payer.evm?.address : payer.solana?.address);
    const after = await usdc(network());
    expect(after.to - before.to).toBe(1000n);
    expect(before.from - after.from).toBe(1000n);
  });

  it("settles the same payment twice in sequence once, answering the same transaction", async () => {
    const body = await payV2(exactPayer(payer.payers, evm), await offerOn(evm));
    const before = await usdc(evm);
    const first = await settle(body);
    const second = await settle(body);
    expect(first.success).toBe(true);
    expect(second).toEqual(first);
    expect((await usdc(evm)).to - before.to).toBe(1000n);
  });

  it.each([
    ["EVM", () => evm],
    ["Solana", () => solana],
  ])("settles 20 concurrent calls with one %s payment once", async (_, network) => {
    const body = await payV2(exactPayer(payer.payers, network()), await offerOn(network()));
    const before = await usdc(network());
    events = [];
    const results = await Promise.all(Array.from({ length: 20 }, () => settle(body)));
    const transactions = new Set(results.map((result) => result.transaction));
    expect(transactions.size).toBe(1);
    expect([...transactions][0]).not.toBe("");
    expect(results.every((result) => result.success)).toBe(true);
    expect((await usdc(network())).to - before.to).toBe(1000n);
    expect(events.filter((event) => event.type === "settle")).toHaveLength(1);
    expect(events.filter((event) => event.type === "duplicate")).toHaveLength(19);
  });

  it("settles once across two facilitators sharing a store (two instances)", async () => {
    const store = memoryStore();
    const one = createFacilitator({ payees: local.payees, store });
    const two = createFacilitator({ payees: local.payees, store });
    const body = await payV2(exactPayer(payer.payers, evm), await offerOn(evm));
    const before = await usdc(evm);
    const results = await Promise.all([settle(body, one), settle(body, two), settle(body, one)]);
    expect(new Set(results.map((result) => result.transaction)).size).toBe(1);
    expect((await usdc(evm)).to - before.to).toBe(1000n);
  });

  it("releases the claim when verification fails, so the corrected payment still settles", async () => {
    const body = await payV2(exactPayer(payer.payers, evm), await offerOn(evm));
    const before = await usdc(evm);
    const refused = await settle(withAmount(body, "2000"));
    expect(refused).toMatchObject({ success: false, errorReason: X402_REASONS.evmValue, transaction: "" });
    expect(refused.network).toBe(evm);
    const settled = await settle(body);
    expect(settled.success).toBe(true);
    expect((await usdc(evm)).to - before.to).toBe(1000n);
  });

  it("answers duplicate_settlement when the first settlement does not finish in time", async () => {
    // Another instance holds the claim and never finishes.
    const base = memoryStore();
    const held: PaymentStore = {
      ...base,
      claim: async () => false,
      get: async () => ({ state: "claimed", owner: "another-instance", updatedAt: Date.now() }),
    };
    const waiting = createFacilitator({ payees: local.payees, store: held, settleWaitMs: 150 });
    const body = await payV2(exactPayer(payer.payers, evm), await offerOn(evm));
    const before = await usdc(evm);
    const started = Date.now();
    const result = await settle(body, waiting);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(result).toMatchObject({
      success: false,
      errorReason: X402_REASONS.duplicateSettlement,
      transaction: "",
      network: evm,
    });
    expect((await usdc(evm)).to).toBe(before.to);
  });

  it("never hands a stored success to the same payload sent with other requirements", async () => {
    const offer = await offerOn(evm);
    const body = await payV2(exactPayer(payer.payers, evm), offer);
    expect((await settle(body)).success).toBe(true);
    // The client rewrites `accepted` to another server's requirements (another recipient) and replays it.
    const elsewhere = { ...offerToRequirementsV2(offer), payTo: local.evm?.payee.address as string };
    const replay: Body = {
      ...body,
      paymentPayload: { ...body.paymentPayload, accepted: elsewhere },
      paymentRequirements: elsewhere,
    };
    const result = await settle(replay);
    expect(result).toMatchObject({ success: false, transaction: "" });
    expect(result.errorReason).toBe(X402_REASONS.evmRecipientMismatch);
  });

  it("settles x402 v1 bodies, and a v1 retry of a v2-settled payment gets the stored result", async () => {
    const v1 = await payV1(exactPayer(payer.payers, solana), await offerOn(solana));
    const before = await usdc(solana);
    const result = await settle(v1);
    expect(result).toMatchObject({ success: true, network: solana });
    expect((await settle(v1)).transaction).toBe(result.transaction);
    expect((await usdc(solana)).to - before.to).toBe(1000n);

    const offer = await offerOn(evm);
    const v2 = await payV2(exactPayer(payer.payers, evm), offer);
    const settled = await settle(v2);
    const asV1: Body = {
      x402Version: 1,
      paymentPayload: {
        x402Version: 1,
        scheme: "exact",
        network: evm,
        payload: v2.paymentPayload["payload"] as Record<string, unknown>,
      },
      paymentRequirements: { ...offerToRequirementsV2(offer), maxAmountRequired: "1000", resource: "x" },
    };
    delete asV1.paymentRequirements["amount"];
    expect((await settle(asV1)).transaction).toBe(settled.transaction);
  });

  it("answers unsupported networks with success false and the caller's network", async () => {
    const body = await payV2(exactPayer(payer.payers, evm), await offerOn(evm));
    body.paymentRequirements["network"] = "eip155:8453";
    expect(await settle(body)).toEqual({
      success: false,
      errorReason: X402_REASONS.invalidNetwork,
      errorMessage: expect.any(String),
      transaction: "",
      network: "eip155:8453",
    });
  });
});
