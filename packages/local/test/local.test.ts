// The default local setup on real local chains (anvil + the LiteSVM RPC over HTTP), started once for the file.
import {
  ANVIL,
  type Caip2,
  matchNetworkPattern,
  type Offer,
  type SchemePayee,
  SOLANA_LOCALNET,
} from "@paymux/core";
import { payX402 } from "@paymux/testing/payments";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPayer, type LocalPayments, startLocalPayments } from "../src/index.js";

let local: LocalPayments;
let payer: LocalPayer;

beforeAll(async () => {
  local = await startLocalPayments();
  payer = await local.createPayer();
});
afterAll(async () => {
  await local?.stop();
});

function payeesOn(network: string): SchemePayee[] {
  return local.payees.filter((payee) => payee.networks.some((p) => matchNetworkPattern(p, network) >= 0));
}

function payTo(network: string): string {
  const recipient = (local.payTo as Record<string, string>)[network];
  if (!recipient) throw new Error(`no recipient on ${network}`);
  return recipient;
}

async function offer(scheme: string, network: Caip2, price: string): Promise<Offer> {
  const payee = payeesOn(network).find((candidate) => candidate.scheme === scheme);
  const made = await payee?.createOffer({ price, network, payTo: payTo(network), assets: local.assets });
  if (!made) throw new Error(`no ${scheme} offer on ${network}`);
  return made;
}

describe("startLocalPayments() with defaults", () => {
  it("serves the anvil and localnet networks, with a fresh recipient on each", async () => {
    expect(local.networks).toEqual([ANVIL, SOLANA_LOCALNET]);
    expect(local.evm?.caip2).toBe(ANVIL);
    expect(local.solana?.caip2).toBe(SOLANA_LOCALNET);
    expect(Object.keys(local.payTo).sort()).toEqual([ANVIL, SOLANA_LOCALNET].sort());
    expect(payTo(ANVIL)).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(payTo(SOLANA_LOCALNET)).toBe(local.solana?.recipient);
    // No prior history: the recipients start empty (the Solana one owns only an empty USDC token account).
    await expect(local.balances(payTo(ANVIL), ANVIL)).resolves.toEqual({ native: 0n, usdc: 0n });
    await expect(local.balances(payTo(SOLANA_LOCALNET), SOLANA_LOCALNET)).resolves.toEqual({
      native: 0n,
      usdc: 0n,
    });
    expect(local.payees.map((payee) => payee.scheme)).toEqual(["exact", "push", "exact", "push"]);
  });

  it('prices "$0.001" at 1000 atomic units of the local token on every network and scheme', async () => {
    const tokens = { [ANVIL]: local.evm?.usdc.address, [SOLANA_LOCALNET]: local.solana?.usdc.address };
    for (const network of [ANVIL, SOLANA_LOCALNET]) {
      const payees = payeesOn(network);
      expect(payees.map((payee) => payee.scheme)).toEqual(["exact", "push"]);
      for (const payee of payees) {
        const made = await payee.createOffer({ price: "$0.001", network, payTo: payTo(network) });
        expect(made).toMatchObject({ scheme: payee.scheme, network, amount: 1000n, asset: tokens[network] });
      }
      const bySymbol = await offer("exact", network, "0.001 USDC");
      expect(bySymbol).toMatchObject({ amount: 1000n, asset: tokens[network] });
    }
    // Sponsored exact offers carry the fee payer, so x402 clients can pay them.
    expect((await offer("exact", SOLANA_LOCALNET, "$0.001")).extra).toMatchObject({
      feePayer: local.solana?.feePayer,
    });
  });

  it('prices "0.001 SOL" at 1,000,000 lamports with the push payee (exact is SPL-only when sponsored)', async () => {
    const [exact, push] = payeesOn(SOLANA_LOCALNET);
    const args = { price: "0.001 SOL", network: SOLANA_LOCALNET, payTo: payTo(SOLANA_LOCALNET) };
    expect(await push?.createOffer(args)).toMatchObject({ scheme: "push", asset: "sol", amount: 1_000_000n });
    expect(await exact?.createOffer(args)).toBeUndefined();
  });

  it("createPayer funds a fresh wallet on both chains and pins its payers to the local networks", async () => {
    expect(payer.evm?.privateKey).toMatch(/^0x[0-9a-f]{64}$/);
    expect(payer.solana?.secretKey).toHaveLength(64);
    await expect(local.balances(payer.evm?.address ?? "", ANVIL)).resolves.toEqual({
      native: 10n * 10n ** 18n,
      usdc: 100_000_000n,
    });
    await expect(local.balances(payer.solana?.address ?? "", SOLANA_LOCALNET)).resolves.toEqual({
      native: 10_000_000_000n,
      usdc: 100_000_000n,
    });
    expect(payer.payers.map((p) => [p.scheme, p.networks])).toEqual([
      ["exact", [ANVIL]],
      ["push", [ANVIL]],
      ["exact", [SOLANA_LOCALNET]],
      ["push", [SOLANA_LOCALNET]],
    ]);
    const custom = await local.createPayer({ usdc: "2.5", sol: "0", eth: "1" });
    await expect(local.balances(custom.evm?.address ?? "", ANVIL)).resolves.toEqual({
      native: 10n ** 18n,
      usdc: 2_500_000n,
    });
    await expect(local.balances(custom.solana?.address ?? "", SOLANA_LOCALNET)).resolves.toEqual({
      native: 0n,
      usdc: 2_500_000n,
    });
    await expect(local.createPayer({ usdc: "0.0000001" })).rejects.toMatchObject({
      code: "AMOUNT_PRECISION_EXCEEDED",
    });
    await expect(local.balances(payTo(ANVIL), "eip155:8453")).rejects.toMatchObject({
      code: "NETWORK_UNKNOWN",
    });
  });

  it.each([
    ["exact", ANVIL],
    ["push", ANVIL],
    ["exact", SOLANA_LOCALNET],
    ["push", SOLANA_LOCALNET],
  ])(
    "%s on %s: x402 v2 pay → verify → settle moves exactly the amount to the recipient",
    async (scheme, network) => {
      const made = await offer(scheme, network, "$0.001");
      const payee = payeesOn(network).find((candidate) => candidate.scheme === scheme);
      const schemePayer = payer.payers.find((p) => p.scheme === scheme && p.networks.includes(network));
      if (!payee || !schemePayer) throw new Error("missing payee or payer");
      const before = await local.balances(payTo(network), network);

      const { payment, context, created } = await payX402(schemePayer, made);
      const from = network === ANVIL ? payer.evm?.address : payer.solana?.address;
      expect(created.payer).toBe(from);
      await expect(payee.verify(payment, made, context)).resolves.toEqual({ valid: true, payer: from });
      const receipt = await payee.settle(payment, made, context);
      expect(receipt).toMatchObject({ success: true, network, payer: from });

      const after = await local.balances(payTo(network), network);
      expect(after.usdc - before.usdc).toBe(1000n);
      expect(after.native).toBe(before.native);
    },
  );

  it("stop() shuts both RPCs down, and a second stop() is harmless", async () => {
    const urls = [local.evm?.rpcUrl, local.solana?.rpcUrl];
    const ping = (url: string | undefined) =>
      fetch(url ?? "", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "getHealth", params: [] }),
      });
    for (const url of urls) expect((await ping(url)).ok).toBe(true);
    await local.stop();
    await local.stop();
    for (const url of urls) await expect(ping(url)).rejects.toThrow();
  });
});
