// Zero-config payers on real chains: anvil + the LiteSVM RPC of startLocalPayments, and a LiteSVM RPC that
// impersonates devnet standing in for the public devnet faucet.
import { createServer } from "node:net";
import { pushSolanaPayee } from "@paymux/chain-solana/server";
import {
  ANVIL,
  BASE,
  BASE_SEPOLIA,
  type Caip2,
  isMainnet,
  type Offer,
  type PaymuxError,
  type SchemePayee,
  type SchemePayer,
  SOLANA_DEVNET,
  SOLANA_LOCALNET,
  SOLANA_MAINNET,
  SOLANA_TESTNET,
} from "@paymux/core";
import { payLegacy, payX402 } from "@paymux/testing/payments";
import { type StartedLocalSolana, startLocalSolana } from "@paymux/testing/solana";
import { createSolanaRpc, generateKeyPairSigner } from "@solana/kit";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createZeroConfigPayers,
  type LocalPayments,
  runningLocalPayments,
  startLocalPayments,
  type ZeroConfigPayers,
} from "../src/index.js";

afterEach(() => {
  vi.restoreAllMocks();
});

function payerOf(zero: ZeroConfigPayers, scheme: string): SchemePayer {
  const payer = zero.payers.find((candidate) => candidate.scheme === scheme);
  if (!payer) throw new Error(`no ${scheme} payer`);
  return payer;
}

function payeeOf(local: LocalPayments, scheme: string, network: string): SchemePayee {
  const payee = local.payees.find((p) => p.scheme === scheme && p.networks.includes(network));
  if (!payee) throw new Error(`no ${scheme} payee on ${network}`);
  return payee;
}

async function localOffer(local: LocalPayments, scheme: string, network: Caip2): Promise<Offer> {
  const payTo = (local.payTo as Record<string, string>)[network] ?? "";
  const offer = await payeeOf(local, scheme, network).createOffer({ price: "$0.001", network, payTo });
  if (!offer) throw new Error(`no ${scheme} offer on ${network}`);
  return offer;
}

/** An offer on a network nothing here serves (no payee needed: the payer must refuse before reading it). */
const foreignOffer = (network: Caip2): Offer => ({
  scheme: "exact",
  network,
  asset: network.startsWith("solana:") ? "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v" : "0x0",
  amount: 1000n,
  payTo: network.startsWith("solana:") ? "11111111111111111111111111111111" : `0x${"1".repeat(40)}`,
  maxTimeoutSeconds: 60,
  extra: {},
});

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}

describe("zero-config payers with startLocalPayments() running", () => {
  let local: LocalPayments;
  beforeAll(async () => {
    local = await startLocalPayments();
  });
  afterAll(async () => {
    await local?.stop();
  });

  it("allow the local networks and the Solana test networks, never a mainnet, and fund nothing up front", () => {
    expect(runningLocalPayments()).toContain(local);
    const zero = createZeroConfigPayers();
    expect(zero.allowedNetworks).toEqual([ANVIL, SOLANA_LOCALNET, SOLANA_DEVNET, SOLANA_TESTNET]);
    expect(zero.allowedNetworks.some(isMainnet)).toBe(false);
    expect(zero.payers.map((payer) => [payer.scheme, payer.networks])).toEqual([
      ["exact", zero.allowedNetworks],
      ["push", zero.allowedNetworks],
    ]);
    expect(zero.preferences).toEqual({ networks: zero.allowedNetworks, assets: ["sol"] });
    expect(zero.wallets()).toEqual([]);
  });

  it("concurrent first payments fund one wallet, and a lazy exact payer pays a real x402 v2 round trip", async () => {
    const createPayer = vi.spyOn(local, "createPayer");
    const zero = createZeroConfigPayers();
    const exact = payerOf(zero, "exact");
    const offer = await localOffer(local, "exact", ANVIL);
    const recipient = local.evm?.recipient ?? "";
    const before = await local.balances(recipient, ANVIL);

    const [first, second] = await Promise.all([payX402(exact, offer), payX402(exact, offer)]);
    expect(createPayer).toHaveBeenCalledTimes(1);
    expect(second.created.payer).toBe(first.created.payer);
    const wallets = zero.wallets();
    expect(wallets.map((wallet) => wallet.network)).toEqual([ANVIL, SOLANA_LOCALNET]);
    expect(wallets[0]?.address).toBe(first.created.payer);

    const payee = payeeOf(local, "exact", ANVIL);
    for (const { payment, context } of [first, second]) {
      await expect(payee.verify(payment, offer, context)).resolves.toMatchObject({ valid: true });
      await expect(payee.settle(payment, offer, context)).resolves.toMatchObject({ success: true });
    }
    const after = await local.balances(recipient, ANVIL);
    expect(after.usdc - before.usdc).toBe(2000n);

    // The same wallet pays on the local Solana chain: no second funding.
    const solanaOffer = await localOffer(local, "exact", SOLANA_LOCALNET);
    const paid = await payX402(exact, solanaOffer);
    expect(paid.created.payer).toBe(wallets[1]?.address);
    const solanaPayee = payeeOf(local, "exact", SOLANA_LOCALNET);
    await expect(solanaPayee.settle(paid.payment, solanaOffer, paid.context)).resolves.toMatchObject({
      success: true,
    });
    expect(createPayer).toHaveBeenCalledTimes(1);
  });

  it("refuse mainnet and unfundable networks before funding or signing anything", async () => {
    const createPayer = vi.spyOn(local, "createPayer");
    const fetchSpy = vi.fn(fetch);
    const zero = createZeroConfigPayers({ fetch: fetchSpy });
    for (const [network, rule] of [
      [BASE, "mainnet"],
      [SOLANA_MAINNET, "mainnet"],
      [BASE_SEPOLIA, "unfundable"],
      ["eip155:999999", "unfundable"],
    ] as const) {
      for (const payer of zero.payers) {
        const error = (await payer
          .createPayload({ ...foreignOffer(network), scheme: payer.scheme }, { dialect: "x402-v2" })
          .catch((caught: unknown) => caught)) as PaymuxError;
        expect(error).toMatchObject({ code: "POLICY_REJECTED", context: { rule, network } });
      }
    }
    expect(createPayer).not.toHaveBeenCalled();
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(zero.wallets()).toEqual([]);
    expect(() => createZeroConfigPayers({ solanaRpcUrls: { [SOLANA_MAINNET]: "https://rpc.test" } })).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID" }),
    );
    expect(() => createZeroConfigPayers({ solanaRpcUrls: { [BASE_SEPOLIA]: "https://rpc.test" } })).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID" }),
    );
  });

  it("pay the chain whose recipient the offer names, and forget a chain once stop() unregisters it", async () => {
    const second = await startLocalPayments({ solana: false });
    try {
      // Two anvils, both eip155:31337: the offer's recipient tells which one the server settles on.
      expect(runningLocalPayments()).toEqual([local, second]);
      const onFirst = vi.spyOn(local, "createPayer");
      const onSecond = vi.spyOn(second, "createPayer");
      const zero = createZeroConfigPayers();
      expect(zero.allowedNetworks.slice(0, 2)).toEqual([ANVIL, SOLANA_LOCALNET]);
      const offer = await localOffer(second, "exact", ANVIL);
      const { payment, context, created } = await payX402(payerOf(zero, "exact"), offer);
      await expect(payeeOf(second, "exact", ANVIL).settle(payment, offer, context)).resolves.toMatchObject({
        success: true,
      });
      expect(onFirst).not.toHaveBeenCalled();
      expect(onSecond).toHaveBeenCalledTimes(1);
      expect(zero.wallets()).toEqual([{ network: ANVIL, address: created.payer }]);

      await second.stop();
      expect(runningLocalPayments()).toEqual([local]);
      expect(zero.wallets()).toEqual([]);
    } finally {
      await second.stop();
    }
  });
});

describe("zero-config payers funded by a faucet (devnet impersonated by the LiteSVM RPC)", () => {
  let devnet: StartedLocalSolana;
  beforeAll(async () => {
    devnet = await startLocalSolana({ impersonate: "devnet", wallets: 0 });
  });
  afterAll(async () => {
    await devnet?.close();
  });

  async function solOffer(): Promise<{ offer: Offer; payee: SchemePayee }> {
    const payee = pushSolanaPayee({ rpc: createSolanaRpc(devnet.url) });
    const payTo = (await generateKeyPairSigner()).address;
    const offer = await payee.createOffer({ price: "0.001 SOL", network: SOLANA_DEVNET, payTo });
    if (!offer) throw new Error("no SOL offer");
    return { offer, payee };
  }

  it("a lazy push payer pays a native-SOL offer with the airdropped SOL", async () => {
    const zero = createZeroConfigPayers({ solanaRpcUrls: { [SOLANA_DEVNET]: devnet.url } });
    expect(zero.allowedNetworks).toContain(SOLANA_DEVNET);
    const { offer, payee } = await solOffer();

    const { payment, context, created } = await payLegacy(payerOf(zero, "push"), offer);
    expect(zero.wallets()).toEqual([{ network: SOLANA_DEVNET, address: created.payer }]);
    await expect(payee.verify(payment, offer, context)).resolves.toMatchObject({ valid: true });
    await expect(payee.settle(payment, offer, context)).resolves.toMatchObject({ success: true });
    const rpc = createSolanaRpc(devnet.url);
    const { value: received } = await rpc
      .getBalance(offer.payTo as never, { commitment: "confirmed" })
      .send();
    expect(received).toBe(1_000_000n);
    // 1 SOL airdropped, 0.001 SOL paid plus the 5,000-lamport fee.
    const { value: left } = await rpc.getBalance(created.payer as never, { commitment: "confirmed" }).send();
    expect(left).toBe(1_000_000_000n - 1_000_000n - 5_000n);
  });

  it("retries a rate-limited faucet (HTTP 429) with back-off, then funds the wallet", async () => {
    let airdrops = 0;
    const limited: typeof fetch = async (input, init) => {
      if (String(init?.body).includes('"requestAirdrop"') && ++airdrops <= 2) {
        return new Response("Too Many Requests", { status: 429 });
      }
      return fetch(input, init);
    };
    const zero = createZeroConfigPayers({
      solanaRpcUrls: { [SOLANA_DEVNET]: devnet.url },
      fetch: limited,
      faucetRetries: 3,
      faucetBackoffMs: 10,
      airdropLamports: 100_000_000n,
    });
    const { offer } = await solOffer();
    const { created } = await payLegacy(payerOf(zero, "push"), offer);
    expect(airdrops).toBe(3);
    expect(zero.wallets()).toEqual([{ network: SOLANA_DEVNET, address: created.payer }]);
  });

  it("rejects with CHAIN_ERROR after the given tries, quickly, when the faucet is down", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const zero = createZeroConfigPayers({
      solanaRpcUrls: { [SOLANA_DEVNET]: url },
      faucetRetries: 2,
      faucetBackoffMs: 10,
    });
    const { offer } = await solOffer();
    const started = Date.now();
    const error = (await payLegacy(payerOf(zero, "push"), offer).catch(
      (caught: unknown) => caught,
    )) as PaymuxError;
    expect(error).toMatchObject({ code: "CHAIN_ERROR", context: { network: SOLANA_DEVNET, tries: 2 } });
    expect(error.message).toMatch(/devnet faucet refused or timed out after 2 tries; pass a funded key/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(zero.wallets()).toEqual([]);
  });

  it("refuses an RPC that serves another chain than the network it is configured for", async () => {
    const zero = createZeroConfigPayers({ solanaRpcUrls: { [SOLANA_TESTNET]: devnet.url } });
    const { offer } = await solOffer();
    const error = (await payLegacy(payerOf(zero, "push"), { ...offer, network: SOLANA_TESTNET }).catch(
      (caught: unknown) => caught,
    )) as PaymuxError;
    expect(error).toMatchObject({ code: "CHAIN_ERROR", context: { network: SOLANA_TESTNET } });
    expect(zero.wallets()).toEqual([]);
  });
});
