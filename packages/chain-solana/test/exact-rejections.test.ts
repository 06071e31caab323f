import { isPaymuxError, type Offer, type Payment, X402_REASONS } from "@paymux/core";
import {
  AccountRole,
  type Address,
  appendTransactionMessageInstructions,
  createTransactionMessage,
  generateKeyPairSigner,
  getBase64Decoder,
  getBase64EncodedWireTransaction,
  getBase64Encoder,
  type Instruction,
  type KeyPairSigner,
  partiallySignTransactionMessageWithSigners,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
} from "@solana/kit";
import {
  getSetComputeUnitLimitInstruction,
  getSetComputeUnitPriceInstruction,
} from "@solana-program/compute-budget";
import { getAddMemoInstruction } from "@solana-program/memo";
import { getTransferSolInstruction } from "@solana-program/system";
import { getTransferCheckedInstruction } from "@solana-program/token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exactSolanaPayer } from "../src/client/index.js";
import { associatedTokenAddress, LIGHTHOUSE_PROGRAM, MEMO_PROGRAM } from "../src/index.js";
import { exactSolanaPayee } from "../src/server/index.js";
import { type Chain, localAssets, payX402, startChain, withPayload } from "./helpers.js";

let chain: Chain;
let feePayer: KeyPairSigner;
let client: KeyPairSigner;
let payee: ReturnType<typeof exactSolanaPayee>;
let payer: ReturnType<typeof exactSolanaPayer>;
let offer: Offer;
let good: Payment;

beforeAll(async () => {
  chain = await startChain("in-process");
  feePayer = await generateKeyPairSigner();
  await chain.local.airdrop(feePayer.address, 1_000_000_000n);
  client = chain.local.wallets[0]!.signer;
  payee = exactSolanaPayee({ rpc: chain.rpc, feePayer, assets: localAssets(chain.local) });
  payer = exactSolanaPayer({ signer: client, rpc: chain.rpc });
  offer = (await payee.createOffer({
    price: "$0.01",
    network: chain.local.caip2,
    payTo: chain.local.wallets[1]!.address,
  })) as Offer;
  good = (await payX402(payer, offer)).payment;
});
afterAll(async () => {
  await chain?.close();
});

type Build = {
  amount?: bigint;
  mint?: Address;
  destination?: Address;
  source?: Address;
  authority?: Address | KeyPairSigner;
  computePrice?: bigint;
  extra?: Instruction[];
  feePayer?: Address;
  layout?: "full" | "transfer-only";
};

/** A sponsored transaction as a (possibly malicious) client would build it, partially signed. */
async function build(options: Build = {}): Promise<string> {
  const mint = options.mint ?? chain.local.usdc.address;
  const program =
    mint === chain.local.token2022.address
      ? chain.local.token2022.tokenProgram
      : chain.local.usdc.tokenProgram;
  const transfer = getTransferCheckedInstruction(
    {
      source: options.source ?? (await associatedTokenAddress(client.address, mint, program)),
      mint,
      destination: options.destination ?? (await associatedTokenAddress(offer.payTo, mint, program)),
      authority: options.authority ?? client,
      amount: options.amount ?? offer.amount,
      decimals: 6,
    },
    { programAddress: program },
  );
  const instructions: Instruction[] =
    options.layout === "transfer-only"
      ? [transfer]
      : [
          getSetComputeUnitLimitInstruction({ units: 20_000 }),
          getSetComputeUnitPriceInstruction({ microLamports: options.computePrice ?? 1n }),
          transfer,
          ...(options.extra ?? []),
        ];
  const { value } = await chain.rpc.getLatestBlockhash().send();
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayer(options.feePayer ?? feePayer.address, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(value, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
  return getBase64EncodedWireTransaction(await partiallySignTransactionMessageWithSigners(message));
}

const pay = (transaction: string) => withPayload(good, () => ({ transaction }));
const verify = (payment: Payment, against: Offer = offer) =>
  payee.verify(payment, against, { dialect: "x402-v2" });
const rejects = async (payment: Payment, reason: string, against?: Offer) =>
  expect(await verify(payment, against)).toMatchObject({ valid: false, reason });

describe("exact verification rejects, each with its reason", () => {
  it("the untampered payment is valid (the baseline of every case below)", async () => {
    expect(await verify(good)).toEqual({ valid: true, payer: client.address });
  });

  it("wrong amount", async () => {
    await rejects(pay(await build({ amount: offer.amount - 1n })), X402_REASONS.svmAmountMismatch);
    await rejects(pay(await build({ amount: offer.amount + 1n })), X402_REASONS.svmAmountMismatch);
  });

  it("wrong mint", async () => {
    await rejects(pay(await build({ mint: chain.local.token2022.address })), X402_REASONS.svmMintMismatch);
  });

  it("wrong recipient", async () => {
    const destination = await associatedTokenAddress(
      chain.local.wallets[2]!.address,
      chain.local.usdc.address,
      chain.local.usdc.tokenProgram,
    );
    await rejects(pay(await build({ destination })), X402_REASONS.svmRecipientMismatch);
  });

  it("missing destination token account: refused at createOffer and, for an offer made anyway, at verify", async () => {
    const stranger = (await generateKeyPairSigner()).address;
    const error = await Promise.resolve(
      payee.createOffer({ price: "$0.01", network: chain.local.caip2, payTo: stranger }),
    ).catch((e: unknown) => e);
    expect(isPaymuxError(error, "CONFIG_INVALID")).toBe(true);
    expect((error as Error).message).toMatch(/associated token account/);
    const handMade = { ...offer, payTo: stranger };
    const { payment } = await payX402(payer, handMade);
    const result = await verify(payment, handMade);
    expect(result).toMatchObject({ valid: false, reason: X402_REASONS.invalidPaymentRequirements });
    expect(result.valid || result.message).toMatch(/token account does not exist/);
  });

  it("fee payer as the transfer authority", async () => {
    await rejects(pay(await build({ authority: feePayer.address })), X402_REASONS.svmFeePayerTransferring);
  });

  it("fee payer's token account as the source (a delegate could move it)", async () => {
    const source = await associatedTokenAddress(
      feePayer.address,
      chain.local.usdc.address,
      chain.local.usdc.tokenProgram,
    );
    await rejects(pay(await build({ source })), X402_REASONS.svmFeePayerTransferring);
  });

  it("fee payer in any other instruction's accounts", async () => {
    const guard: Instruction = {
      programAddress: LIGHTHOUSE_PROGRAM,
      accounts: [{ address: feePayer.address, role: AccountRole.READONLY }],
      data: new Uint8Array([0]),
    };
    await rejects(pay(await build({ extra: [guard] })), X402_REASONS.svmFeePayerTransferring);
  });

  it("an extra instruction that is neither Memo nor Lighthouse", async () => {
    const sweep = getTransferSolInstruction({
      source: client,
      destination: chain.local.wallets[2]!.address,
      amount: 1n,
    });
    await rejects(pay(await build({ extra: [sweep] })), X402_REASONS.svmUnknownInstruction);
  });

  it("Memo and Lighthouse instructions after the transfer are tolerated (wallets add them)", async () => {
    const lighthouse: Instruction = {
      programAddress: LIGHTHOUSE_PROGRAM,
      accounts: [],
      data: new Uint8Array([1]),
    };
    const memo = getAddMemoInstruction({ memo: "hello" }, { programAddress: MEMO_PROGRAM });
    const result = await verify(pay(await build({ extra: [memo, lighthouse] })));
    // Lighthouse is not deployed on the local chain, so simulation (not the layout rules) is what fails.
    expect(result).toMatchObject({ valid: false, reason: X402_REASONS.svmSimulationFailed });
    expect(await verify(pay(await build({ extra: [memo] })))).toMatchObject({ valid: true });
  });

  it("compute-unit price over the cap", async () => {
    await rejects(pay(await build({ computePrice: 5_000_001n })), X402_REASONS.svmComputePriceTooHigh);
    const greedy = exactSolanaPayer({ signer: client, rpc: chain.rpc, computeUnitPrice: 5_000_001n });
    await rejects((await payX402(greedy, offer)).payment, X402_REASONS.svmComputePriceTooHigh);
  });

  it("a layout without the compute-budget instructions", async () => {
    await rejects(pay(await build({ layout: "transfer-only" })), X402_REASONS.svmInstructionsLength);
  });

  it("a transaction whose fee payer is not the offer's", async () => {
    const other = (await generateKeyPairSigner()).address;
    await rejects(pay(await build({ feePayer: other })), X402_REASONS.svmFeePayerMismatch);
    await rejects(good, X402_REASONS.svmFeePayerNotManaged, {
      ...offer,
      extra: { ...offer.extra, feePayer: other },
    });
  });

  it("memo rule: with extra.memo exactly one equal memo", async () => {
    const memoOffer = { ...offer, extra: { ...offer.extra, memo: "order-1" } };
    const memo = (text: string) => getAddMemoInstruction({ memo: text }, { programAddress: MEMO_PROGRAM });
    await rejects(pay(await build({ extra: [memo("order-2")] })), X402_REASONS.svmMemoMismatch, memoOffer);
    await rejects(
      pay(await build({ extra: [memo("order-1"), memo("order-1")] })),
      X402_REASONS.svmMemoCount,
      memoOffer,
    );
    expect(await verify(pay(await build({ extra: [memo("order-1")] })), memoOffer)).toMatchObject({
      valid: true,
    });
  });

  it("bad client signature", async () => {
    const bytes = new Uint8Array(getBase64Encoder().encode(good.payload["transaction"] as string));
    bytes[1 + 64 + 7] = (bytes[1 + 64 + 7] as number) ^ 0xff; // second signature slot: the client's
    await rejects(pay(getBase64Decoder().decode(bytes)), X402_REASONS.svmSignatureInvalid);
  });

  it("undecodable transaction: verify reports it, replayKeys throws a coded error", async () => {
    const junk = pay("AAAA");
    await rejects(junk, X402_REASONS.svmUndecodable);
    expect(() => payee.replayKeys(junk, offer, { dialect: "x402-v2" })).toThrow(/could not be decoded/);
  });

  it("the replay key is the message hash: other bytes in the sponsor's empty slot do not change it", async () => {
    const bytes = new Uint8Array(getBase64Encoder().encode(good.payload["transaction"] as string));
    bytes.fill(7, 1, 65);
    const varied = pay(getBase64Decoder().decode(bytes));
    expect(varied.payload["transaction"]).not.toBe(good.payload["transaction"]);
    const key = payee.replayKeys(good, offer, { dialect: "x402-v2" });
    expect(key[0]).toMatch(/^svm:exact:[0-9a-f]{64}$/);
    expect(payee.replayKeys(varied, offer, { dialect: "x402-v2" })).toEqual(key);
  });

  it("expired blockhash: simulation fails at verify, and settle broadcasts nothing", async () => {
    const { payment } = await payX402(payer, offer);
    expect(await verify(payment)).toMatchObject({ valid: true });
    chain.local.engine.expireBlockhash();
    await rejects(payment, X402_REASONS.svmSimulationFailed);
    const before = await chain.local.getTokenBalance({
      owner: offer.payTo as Address,
      mint: chain.local.usdc.address,
    });
    const receipt = await payee.settle(payment, offer, { dialect: "x402-v2" });
    expect(receipt).toMatchObject({ success: false, errorReason: X402_REASONS.svmTransactionFailed });
    expect(
      await chain.local.getTokenBalance({ owner: offer.payTo as Address, mint: chain.local.usdc.address }),
    ).toBe(before);
  });
});
