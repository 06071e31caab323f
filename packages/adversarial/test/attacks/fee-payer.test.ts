// Fee-payer drain: on Solana `exact` the server co-signs the client's transaction as its fee payer, so a hostile
// client tries to make that signature pay for more than the fee: lamports or tokens out of the sponsor,
// accounts created at its expense, accounts closed into or out of it, huge compute prices, extra signers, and
// a transaction that verifies and then fails on chain. Every attempt goes through the real server, in the
// x402 v2 and IETF envelopes; the sponsor's balance is read on chain before and after.
import { associatedTokenAddress } from "@paymux/chain-solana";
import {
  type Address,
  createKeyPairSignerFromBytes,
  createSolanaRpc,
  generateKeyPairSigner,
  type Instruction,
  type KeyPairSigner,
  type Rpc,
  type SolanaRpcApi,
} from "@solana/kit";
import { getCloseAccountInstruction, getTransferCheckedInstruction } from "@solana-program/token";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CONTENT,
  editBase64Json,
  editPaymentCredential,
  expectRefused,
  expectServed,
  field,
  PRICE,
  useArena,
} from "./harness.js";
import {
  computeLimit,
  computePrice,
  createAccount,
  memo,
  sponsoredTransaction,
  systemTransfer,
} from "./sponsored.js";

const arena = useArena("fee-payer");
let client: KeyPairSigner;
let attacker: KeyPairSigner;
let feePayer: Address;
let rpc: Rpc<SolanaRpcApi>;
let ata: (owner: Address) => Promise<Address>;
let envelopes: { x402: string; ietf: string };

beforeAll(async () => {
  const solana = arena.local.solana as NonNullable<typeof arena.local.solana>;
  rpc = createSolanaRpc(solana.rpcUrl);
  feePayer = solana.feePayer;
  client = await createKeyPairSignerFromBytes(arena.payer.solana?.secretKey as Uint8Array);
  attacker = await generateKeyPairSigner();
  await solana.airdrop(attacker.address, 1_000_000_000n);
  // The sponsor holding tokens too makes "move the sponsor's tokens" a real threat, not a failing transfer.
  await solana.mintTo({ mint: solana.usdc.address, owner: feePayer, amount: 5_000_000n });
  await solana.createAta({ owner: attacker.address, mint: solana.usdc.address });
  ata = (owner) => associatedTokenAddress(owner, solana.usdc.address, solana.usdc.tokenProgram);
  // Real credentials, whose transactions the attacks replace: the envelopes are the server's own offers.
  const x402 = await arena.credential("/a", { dialect: "x402-v2", scheme: "exact", chain: "solana" });
  const ietf = await arena.credential("/a", { dialect: "payment-auth", scheme: "exact", chain: "solana" });
  envelopes = { x402: x402["PAYMENT-SIGNATURE"] as string, ietf: ietf.Authorization as string };
});

const lamports = async (address: Address) =>
  (await rpc.getBalance(address, { commitment: "confirmed" }).send()).value;
const tokens = (owner: Address) => {
  const solana = arena.local.solana as NonNullable<typeof arena.local.solana>;
  return solana.getTokenBalance({ owner, mint: solana.usdc.address });
};

/** The honest transfer leg: the client pays the recipient the price. */
async function payLeg(amount = PRICE): Promise<Instruction> {
  const solana = arena.local.solana as NonNullable<typeof arena.local.solana>;
  return getTransferCheckedInstruction({
    source: await ata(client.address),
    mint: solana.usdc.address,
    destination: await ata(solana.recipient),
    authority: client,
    amount,
    decimals: 6,
  });
}

/** The sponsored layout around `transfer` and `extra`, with the given compute budget. */
async function layout(transfer: Instruction, extra: Instruction[] = [], units = 20_000, price = 1n) {
  return [computeLimit(units), computePrice(price), transfer, ...extra];
}

/** Sends `transaction` in both envelopes and checks: refused, nothing served, no lamport or token moved. */
async function expectDrainRefused(transaction: string): Promise<void> {
  const watched = [feePayer, client.address, attacker.address];
  const before = await Promise.all(watched.flatMap((who) => [lamports(who), tokens(who)]));
  const recipient = await arena.recipient("solana");
  const x402 = editBase64Json(envelopes.x402, (value) => {
    field(value, "payload").transaction = transaction;
  });
  const ietf = editPaymentCredential(envelopes.ietf, (value) => {
    field(value, "payload").transaction = transaction;
  });
  expectRefused(await arena.request("/a", { "PAYMENT-SIGNATURE": x402 }));
  expectRefused(await arena.request("/a", { Authorization: ietf }));
  expect(await Promise.all(watched.flatMap((who) => [lamports(who), tokens(who)]))).toEqual(before);
  expect(await arena.recipient("solana")).toBe(recipient);
  expect(arena.runs("/a")).toBe(0);
}

describe("transactions that make the sponsor pay more than the fee: refused, nothing moves", () => {
  it("a System transfer out of the fee payer, after the payment or instead of it", async () => {
    const drain = systemTransfer(feePayer, attacker.address, 500_000_000n);
    await expectDrainRefused(
      await sponsoredTransaction(rpc, feePayer, await layout(await payLeg(), [drain])),
    );
    await expectDrainRefused(await sponsoredTransaction(rpc, feePayer, await layout(drain)));
  });

  it("the fee payer's own tokens: as transfer source and authority, or moved by a second transfer", async () => {
    const solana = arena.local.solana as NonNullable<typeof arena.local.solana>;
    const steal = getTransferCheckedInstruction({
      source: await ata(feePayer),
      mint: solana.usdc.address,
      destination: await ata(attacker.address),
      authority: feePayer,
      amount: 1_000_000n,
      decimals: 6,
    });
    await expectDrainRefused(await sponsoredTransaction(rpc, feePayer, await layout(steal)));
    await expectDrainRefused(
      await sponsoredTransaction(rpc, feePayer, await layout(await payLeg(), [steal])),
    );
    // Pays the recipient from the sponsor's account with the client as (non-)authority: the source rule.
    const fromSponsor = getTransferCheckedInstruction({
      source: await ata(feePayer),
      mint: solana.usdc.address,
      destination: await ata(solana.recipient),
      authority: client,
      amount: PRICE,
      decimals: 6,
    });
    await expectDrainRefused(await sponsoredTransaction(rpc, feePayer, await layout(fromSponsor)));
  });

  it("accounts created at the fee payer's expense", async () => {
    const account = await generateKeyPairSigner();
    const create = createAccount(feePayer, account, 100_000_000n, 165n, attacker.address);
    await expectDrainRefused(
      await sponsoredTransaction(rpc, feePayer, await layout(await payLeg(), [create])),
    );
    await expectDrainRefused(await sponsoredTransaction(rpc, feePayer, await layout(create)));
  });

  it("token accounts closed out of the fee payer, or into it", async () => {
    const outOf = getCloseAccountInstruction({
      account: await ata(feePayer),
      destination: attacker.address,
      owner: feePayer,
    });
    const into = getCloseAccountInstruction({
      account: await ata(client.address),
      destination: feePayer,
      owner: client,
    });
    for (const close of [outOf, into]) {
      await expectDrainRefused(
        await sponsoredTransaction(rpc, feePayer, await layout(await payLeg(), [close])),
      );
    }
  });

  it("compute price and limit above the caps, and a second compute-budget instruction", async () => {
    for (const [units, price] of [
      [20_000, 5_000_001n],
      [20_000, (1n << 64n) - 1n],
      [200_001, 1n],
      [1_400_000, 1n],
      [1_400_000, 5_000_000n],
    ] as const) {
      await expectDrainRefused(
        await sponsoredTransaction(rpc, feePayer, await layout(await payLeg(), [], units, price)),
      );
    }
    const second = computePrice(5_000_000n);
    await expectDrainRefused(
      await sponsoredTransaction(rpc, feePayer, await layout(await payLeg(), [second])),
    );
  });

  it("the fee payer named as a signer of a Memo, extra signers, another fee payer", async () => {
    await expectDrainRefused(
      await sponsoredTransaction(rpc, feePayer, await layout(await payLeg(), [memo("hi", [feePayer])])),
    );
    const third = await generateKeyPairSigner();
    await expectDrainRefused(
      await sponsoredTransaction(rpc, feePayer, await layout(await payLeg(), [memo("hi", [third])])),
    );
    await expectDrainRefused(await sponsoredTransaction(rpc, attacker.address, await layout(await payLeg())));
  });

  it("a System transfer by the client itself (not a sponsored payment's business)", async () => {
    const side = systemTransfer(client, attacker.address, 1_000n);
    await expectDrainRefused(await sponsoredTransaction(rpc, feePayer, await layout(await payLeg(), [side])));
  });
});

describe("what a valid payment may cost the sponsor", () => {
  it("at the compute caps the sponsor pays the fee and nothing else (bounded priority fee)", async () => {
    const units = 200_000;
    const price = 5_000_000n;
    const before = await lamports(feePayer);
    const transaction = await sponsoredTransaction(
      rpc,
      feePayer,
      await layout(await payLeg(), [], units, price),
    );
    const x402 = editBase64Json(envelopes.x402, (value) => {
      field(value, "payload").transaction = transaction;
    });
    const recipient = await arena.recipient("solana");
    expectServed(await arena.request("/a", { "PAYMENT-SIGNATURE": x402 }));
    const cost = before - (await lamports(feePayer));
    // Two signatures at 5,000 lamports plus limit × price; the defaults (x402's 5 lamports/CU, sol-mpp's
    // 200,000 CU) let a client spend up to 0.001 SOL of the sponsor's on a $0.001 payment: README says so.
    expect(cost).toBeGreaterThan(0n);
    // Measured: exactly 1,010,000 lamports on the local chain.
    expect(cost).toBe(10_000n + (BigInt(units) * price) / 1_000_000n);
    expect((await arena.recipient("solana")) - recipient).toBe(PRICE);
    expect(arena.runs("/a")).toBe(1);
  });

  it("a payment that verifies, then fails on chain (the payer empties its account before settlement)", async () => {
    const solana = arena.local.solana as NonNullable<typeof arena.local.solana>;
    const headers = await arena.credential("/b", { dialect: "x402-v2", scheme: "exact", chain: "solana" });
    const sponsor = await lamports(feePayer);
    const recipient = await arena.recipient("solana");
    let ran = 0;
    const response = await arena.server.fetch(new Request("http://paymux.test/b", { headers }), async () => {
      ran++;
      // Verified already; settlement comes after the handler. Empty the source now.
      const balance = await tokens(client.address);
      await solana.send(
        [
          getTransferCheckedInstruction({
            source: await ata(client.address),
            mint: solana.usdc.address,
            destination: await ata(attacker.address),
            authority: client,
            amount: balance,
            decimals: 6,
          }),
        ],
        { feePayer: client },
      );
      return new Response(CONTENT);
    });
    const body = await response.text();
    expect(ran).toBe(1);
    expect(response.status).toBe(402);
    expect(body).not.toContain(CONTENT);
    // Refused at preflight: never broadcast, so the sponsor paid no fee for the failed transaction.
    expect(await lamports(feePayer)).toBe(sponsor);
    expect(await arena.recipient("solana")).toBe(recipient);
  });
});
