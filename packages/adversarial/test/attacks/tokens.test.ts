// Look-alike and fee-charging tokens: a second EIP-3009 token on anvil with the real one's name, version and
// symbol; a second SPL mint (and a Token-2022 one) with USDC's decimals; and a Token-2022 mint whose
// TransferFeeConfig would credit the recipient less than the price.
import type { AssetInfo, ReceivedOffer } from "@paymux/core";
import { createPaymentServer, resolvePayTo } from "@paymux/core/server";
import { deployTestUsdc, mintTestUsdc, testUsdcAbi } from "@paymux/testing/evm";
import { type Address, generateKeyPairSigner } from "@solana/kit";
import { beforeAll, describe, expect, it } from "vitest";
import { changeFee, writeFeeMint } from "./fee-mint.js";
import {
  type Answer,
  arenaOf,
  editBase64Json,
  expectRefused,
  expectServed,
  field,
  type Pick,
  problemOf,
  signOffer,
  tally,
  useArena,
} from "./harness.js";

const arena = useArena("tokens");
let fakeToken: `0x${string}`;
let fakeMint: Address;

beforeAll(async () => {
  const evm = arena.local.evm as NonNullable<typeof arena.local.evm>;
  const solana = arena.local.solana as NonNullable<typeof arena.local.solana>;
  fakeToken = await deployTestUsdc({
    client: evm.publicClient,
    deployer: evm.deployer,
    name: evm.usdc.name,
    version: evm.usdc.version,
    symbol: evm.usdc.symbol,
  });
  const payer = arena.payer.evm?.address as `0x${string}`;
  await mintTestUsdc({
    client: evm.publicClient,
    token: fakeToken,
    minter: evm.deployer,
    to: payer,
    amount: 10_000_000n,
  });
  fakeMint = await solana.createMint({ decimals: 6 });
  const owner = arena.payer.solana?.address as Address;
  await solana.mintTo({ mint: fakeMint, owner, amount: 10_000_000n });
  await solana.mintTo({ mint: solana.token2022.address, owner, amount: 10_000_000n });
  await solana.createAta({ owner: solana.recipient, mint: fakeMint });
  await solana.createAta({ owner: solana.recipient, mint: solana.token2022.address });
});

/**
 * The offer with its asset swapped: the payer is fooled (or chooses) to pay in the look-alike. The look-alike's
 * EIP-712 domain is the real one's name and version (IETF offers carry none, so it is spelt out here).
 */
const swapped = (offer: ReceivedOffer, asset: string): ReceivedOffer => ({
  ...offer,
  asset,
  extra: offer.network.startsWith("eip155:")
    ? { ...offer.extra, name: arena.local.evm?.usdc.name, version: arena.local.evm?.usdc.version }
    : { ...offer.extra, tokenProgram: undefined },
});

describe("a second EIP-3009 token with the same name, version and symbol", () => {
  const fakeBalance = () =>
    arena.local.evm?.publicClient.readContract({
      address: fakeToken,
      abi: testUsdcAbi,
      functionName: "balanceOf",
      args: [resolvePayTo(arena.local.payTo, arena.evm) as `0x${string}`],
    }) as Promise<bigint>;

  it("the look-alike really is indistinguishable by metadata", async () => {
    const client = arena.local.evm?.publicClient;
    const read = (address: `0x${string}`, functionName: "name" | "symbol" | "decimals") =>
      client?.readContract({ address, abi: testUsdcAbi, functionName });
    for (const name of ["name", "symbol", "decimals"] as const) {
      expect(await read(fakeToken, name)).toEqual(
        await read(arena.local.evm?.usdc.address as `0x${string}`, name),
      );
    }
  });

  for (const dialect of ["x402-v2", "x402-v1", "payment-auth"] as const) {
    it(`${dialect} exact: an authorization signed for the look-alike's domain`, async () => {
      const pick: Pick = { dialect, scheme: "exact", chain: "evm" };
      const [real, fake] = [await arena.recipient("evm"), await fakeBalance()];
      const headers = await signOffer(swapped(await arena.offer("/a", pick), fakeToken), arena.payer.payers);
      expectRefused(await arena.request("/a", headers));
      if (dialect === "x402-v2") {
        // …and with `accepted.asset` relabelled to the look-alike too.
        const relabelled = editBase64Json(headers["PAYMENT-SIGNATURE"] as string, (value) => {
          field(value, "accepted").asset = fakeToken;
        });
        expectRefused(await arena.request("/a", { "PAYMENT-SIGNATURE": relabelled }));
      }
      expect([await arena.recipient("evm"), await fakeBalance()]).toEqual([real, fake]);
      expect(arena.runs("/a")).toBe(0);
    });
  }

  it("IETF push: a transfer of the look-alike to the recipient", async () => {
    const pick: Pick = { dialect: "payment-auth", scheme: "push", chain: "evm" };
    const [real, fake] = [await arena.recipient("evm"), await fakeBalance()];
    const headers = await signOffer(swapped(await arena.offer("/a", pick), fakeToken), arena.payer.payers);
    expectRefused(await arena.request("/a", headers));
    expect(await arena.recipient("evm")).toBe(real);
    expect((await fakeBalance()) - fake).toBe(1000n); // the payer's own worthless transfer
    expect(arena.runs("/a")).toBe(0);
  });
});

describe("a second Solana mint with USDC's decimals (SPL Token and Token-2022)", () => {
  const mints = () => [fakeMint, arena.local.solana?.token2022.address as Address];
  const cases: [name: string, pick: Pick][] = [
    ...(["x402-v2", "x402-v1", "payment-auth"] as const).map((dialect): [string, Pick] => [
      `${dialect} exact: a TransferChecked of the look-alike mint`,
      { dialect, scheme: "exact", chain: "solana" },
    ]),
    [
      "IETF push: a transfer of the look-alike mint to the recipient",
      { dialect: "payment-auth", scheme: "push", chain: "solana" },
    ],
  ];
  for (const [name, pick] of cases) {
    it(name, async () => {
      const real = await arena.recipient("solana");
      for (const mint of mints()) {
        const headers = await signOffer(swapped(await arena.offer("/a", pick), mint), arena.payer.payers);
        expectRefused(await arena.request("/a", headers));
      }
      expect(await arena.recipient("solana")).toBe(real);
      expect(arena.runs("/a")).toBe(0);
    });
  }
});

describe("a Token-2022 mint with a transfer fee (the recipient would get less than the price)", () => {
  let feeMint: Address;
  let lateMint: Address;
  const solana = () => arena.local.solana as NonNullable<typeof arena.local.solana>;
  const recipientOf = (mint: Address) => solana().getTokenBalance({ owner: solana().recipient, mint });

  beforeAll(async () => {
    feeMint = (await generateKeyPairSigner()).address;
    lateMint = (await generateKeyPairSigner()).address;
    writeFeeMint(solana().engine, feeMint, solana().mintAuthority.address, {
      basisPoints: 100,
      maximumFee: 1_000_000n,
    });
    // A mint with a fee config at zero: offers are made; the fee is switched on afterwards.
    writeFeeMint(solana().engine, lateMint, solana().mintAuthority.address, {
      basisPoints: 0,
      maximumFee: 0n,
    });
    for (const mint of [feeMint, lateMint]) {
      await solana().mintTo({ mint, owner: arena.payer.solana?.address as Address, amount: 10_000_000n });
      await solana().createAta({ owner: solana().recipient, mint });
    }
  });

  const serverFor = (mint: Address, extraAssets: AssetInfo[] = []) =>
    arenaOf(
      arena.local,
      arena.payer,
      createPaymentServer({
        payees: arena.local.payees,
        payTo: arena.local.payTo,
        networks: [arena.solana],
        assets: [...arena.local.assets, ...extraAssets],
        routes: {
          "GET /fee": { accepts: [{ price: { amount: 10_000n, asset: mint }, network: arena.solana }] },
          "GET /fee-symbol": { price: "0.01 FEE", networks: [arena.solana] },
        },
        secret: "adversarial-fee-secret-adversarial-fee!!",
      }),
    );

  it("a route priced in the fee mint is a 500 CONFIG_INVALID problem, never a 402", async () => {
    const asset: AssetInfo = {
      network: arena.solana as AssetInfo["network"],
      address: feeMint,
      symbol: "FEE",
      decimals: 6,
      usd: false,
    };
    const fee = serverFor(feeMint, [asset]);
    for (const path of ["/fee", "/fee-symbol"]) {
      const answer: Answer = await fee.request(path);
      tally();
      expect(answer.status).toBe(500);
      expect(JSON.parse(answer.body)).toMatchObject({ detail: "CONFIG_INVALID" });
      expect(answer.headers.get("PAYMENT-REQUIRED")).toBeNull();
    }
    await fee.server.close();
  });

  it("offers made before the fee was switched on: exact (x402 v2, IETF) and push are refused at verify", async () => {
    const late = serverFor(lateMint);
    const picks: Pick[] = [
      { dialect: "x402-v2", scheme: "exact", chain: "solana" },
      { dialect: "payment-auth", scheme: "exact", chain: "solana" },
    ];
    // Signed while the fee was zero (offers cached that way), presented after it was switched on.
    const pulls = await Promise.all(picks.map((pick) => late.credential("/fee", pick)));
    const offer = await late.offer("/fee", { dialect: "payment-auth", scheme: "push", chain: "solana" });
    changeFee(solana().engine, lateMint, { basisPoints: 250, maximumFee: 1_000_000n });
    const before = await recipientOf(lateMint);
    for (const headers of pulls) {
      const answer = await late.request("/fee", headers);
      expectRefused(answer);
      expect(problemOf(answer)).toBe("verification-failed");
    }
    expect(await recipientOf(lateMint)).toBe(before);
    const push = await signOffer(offer, arena.payer.payers);
    // The push landed with the fee withheld: 2.5% short of the price.
    expect((await recipientOf(lateMint)) - before).toBe(9_750n);
    expectRefused(await late.request("/fee", push));
    expect(late.runs("/fee")).toBe(0);
    // Back to no fee: the untouched x402 credential now pays, once (the refusals burnt nothing).
    changeFee(solana().engine, lateMint, { basisPoints: 0, maximumFee: 0n });
    expectServed(await late.request("/fee", pulls[0] as Record<string, string>));
    expect((await recipientOf(lateMint)) - before).toBe(9_750n + 10_000n);
    await late.server.close();
  });
});
