// Options of startLocalPayments and the zero-config entry point core loads. Each case starts and stops its own
// chains (a few hundred ms each), always in a finally.
import { BASE_SEPOLIA, findAsset, type Offer, SOLANA_DEVNET, SOLANA_LOCALNET } from "@paymux/core";
import { payX402 } from "@paymux/testing/payments";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLocalServerSetup, startLocalPayments } from "../src/index.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("startLocalPayments options", () => {
  it("impersonates Base Sepolia and devnet: the real networks' USDC addresses, served locally", async () => {
    const local = await startLocalPayments({
      evm: { impersonate: "base-sepolia" },
      solana: { impersonate: "devnet" },
    });
    try {
      expect(local.networks).toEqual([BASE_SEPOLIA, SOLANA_DEVNET]);
      expect(local.evm?.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      expect(local.solana?.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      for (const network of [BASE_SEPOLIA, SOLANA_DEVNET]) {
        const known = findAsset(network, "USDC");
        const payee = local.payees.find((p) => p.scheme === "exact" && p.networks.includes(network));
        const payTo = (local.payTo as Record<string, string>)[network] ?? "";
        const made = await payee?.createOffer({ price: "$0.001", network, payTo });
        expect(made).toMatchObject({ amount: 1000n, asset: known?.address });
      }
    } finally {
      await local.stop();
    }
  });

  it("starts one chain only when told, and refuses to start none", async () => {
    const local = await startLocalPayments({ evm: false });
    try {
      expect(local.evm).toBeUndefined();
      expect(local.networks).toEqual([SOLANA_LOCALNET]);
      expect(local.payees.map((p) => p.scheme)).toEqual(["exact", "push"]);
      const payer = await local.createPayer();
      expect(payer.evm).toBeUndefined();
      expect(payer.payers).toHaveLength(2);
    } finally {
      await local.stop();
    }
    await expect(startLocalPayments({ evm: false, solana: false })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });
  });

  it("createLocalServerSetup gives exactly the server's setup, and the library prints nothing", async () => {
    const writes = [
      vi.spyOn(process.stdout, "write"),
      vi.spyOn(process.stderr, "write"),
      ...(["log", "info", "warn", "error", "debug"] as const).map((method) => vi.spyOn(console, method)),
    ];
    const setup = await createLocalServerSetup();
    try {
      expect(Object.keys(setup).sort()).toEqual(
        ["assets", "balances", "createPayer", "evm", "networks", "payTo", "payees", "solana", "stop"].sort(),
      );
      expect(setup.payees).toHaveLength(4);
      expect(setup.assets.map((asset) => asset.symbol)).toEqual(["USDC", "USDC", "SOL"]);
      // A payment through the returned object, so the silence check covers signing, settling and confirming.
      const local = setup as Awaited<ReturnType<typeof startLocalPayments>>;
      const payer = await local.createPayer();
      const network = SOLANA_LOCALNET;
      const payee = setup.payees.find((p) => p.scheme === "exact" && p.networks.includes(network));
      const payTo = (setup.payTo as Record<string, string>)[network] ?? "";
      const made = (await payee?.createOffer({ price: "$0.002", network, payTo })) as Offer;
      const solanaExact = payer.payers.find((p) => p.scheme === "exact" && p.networks.includes(network));
      if (!payee || !solanaExact) throw new Error("missing payee or payer");
      const { payment, context } = await payX402(solanaExact, made);
      expect((await payee.settle(payment, made, context)).success).toBe(true);
    } finally {
      await setup.stop();
    }
    for (const spy of writes) expect(spy).not.toHaveBeenCalled();
  });

  it("the README example runs as written", async () => {
    const local = await startLocalPayments();
    try {
      const payer = await local.createPayer();
      const network = local.evm!.caip2;
      const exact = local.payees.find((p) => p.scheme === "exact" && p.networks.includes(network))!;
      const offer = (await exact.createOffer({ price: "$0.001", network, payTo: local.evm!.recipient }))!;
      const { payment, context } = await payX402(payer.payers[0]!, offer);
      expect((await exact.verify(payment, offer, context)).valid).toBe(true);
      expect((await exact.settle(payment, offer, context)).success).toBe(true);
      expect((await local.balances(local.evm!.recipient, network)).usdc).toBe(1000n);
    } finally {
      await local.stop();
    }
  });
});
