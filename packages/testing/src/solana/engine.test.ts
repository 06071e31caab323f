import {
  type Address,
  appendTransactionMessageInstruction,
  compressTransactionMessageUsingAddressLookupTables,
  createTransactionMessage,
  generateKeyPairSigner,
  getBase58Decoder,
  getBase58Encoder,
  getBase64EncodedWireTransaction,
  lamports,
  partiallySignTransactionMessageWithSigners,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from "@solana/kit";
import { getTransferSolInstruction } from "@solana-program/system";
import { LiteSVM } from "litesvm";
import { beforeAll, describe, expect, test } from "vitest";
import {
  addressBytes,
  concatBytes,
  fromBase58,
  fromBase64,
  toBase58,
  toBase64,
  writeU32,
  writeU64,
} from "./bytes.js";
import { ADDRESS_LOOKUP_TABLE_PROGRAM } from "./constants.js";
import { describeTransactionError } from "./errors.js";
import { createLocalSolana, type LocalSolana } from "./fixtures.js";
import { parseJson, stringifyJson } from "./json.js";
import { usePublicLiteSvmApi } from "./svm-access.js";
import { inProcessRawCall, latestLifetime, type RawCall, request, solTransfer } from "./test-helpers.js";

describe("bigint-safe JSON", () => {
  test("writes bigints as bare integers and reads large integers back as bigints", () => {
    const text = stringifyJson({
      a: 18_446_744_073_709_551_615n,
      b: 5n,
      s: 'x"12345678901234567890',
      n: 1.5,
    });
    expect(text).toBe('{"a":18446744073709551615,"b":5,"s":"x\\"12345678901234567890","n":1.5}');
    expect(parseJson(text)).toEqual({
      a: 18_446_744_073_709_551_615n,
      b: 5,
      s: 'x"12345678901234567890',
      n: 1.5,
    });
    expect(parseJson("[-9007199254740993, 9007199254740991, 1e30]")).toEqual([
      -9_007_199_254_740_993n,
      9_007_199_254_740_991,
      1e30,
    ]);
  });

  test("describes transaction errors with agave's texts", () => {
    expect(describeTransactionError("InsufficientFundsForFee")).toBe("Insufficient funds for fee");
    expect(describeTransactionError({ InstructionError: [2, "MissingRequiredSignature"] })).toBe(
      "Error processing Instruction 2: missing required signature for instruction",
    );
    expect(describeTransactionError({ InsufficientFundsForRent: { account_index: 1 } })).toBe(
      "Transaction results in an account (1) with insufficient funds for rent",
    );
  });
});

describe("engine behaviour", () => {
  let local: LocalSolana;
  let raw: RawCall;
  beforeAll(async () => {
    local = await createLocalSolana({ wallets: 2 });
    raw = inProcessRawCall(local.engine);
  });

  test("signature statuses leave the status cache after 300 slots unless history is searched", async () => {
    const [from, to] = local.wallets;
    const signature = await local.send(
      [getTransferSolInstruction({ source: from!.signer, destination: to!.address, amount: lamports(5n) })],
      { feePayer: from!.signer },
    );
    local.engine.advanceSlots(301);
    expect((await local.rpc.getSignatureStatuses([signature]).send()).value[0]).toBeNull();
    const searched = await local.rpc
      .getSignatureStatuses([signature], { searchTransactionHistory: true })
      .send();
    expect(searched.value[0]?.confirmationStatus).toBe("finalized");
  });

  test("getTransaction of a v0 transaction needs maxSupportedTransactionVersion (-32015)", async () => {
    const [from, to] = local.wallets;
    const wire = await solTransfer(from!.signer, to!.address, 6n, await latestLifetime(local.rpc));
    const signature = await local.rpc.sendTransaction(wire as never, { encoding: "base64" }).send();
    const reply = (await raw(request("getTransaction", [signature, { encoding: "json" }]))) as {
      error: { code: number };
    };
    expect(reply.error.code).toBe(-32015);
    // A duplicate sent without preflight is accepted but recorded once.
    const count = await local.rpc.getTransactionCount().send();
    await local.rpc.sendTransaction(wire as never, { encoding: "base64", skipPreflight: true }).send();
    expect(await local.rpc.getTransactionCount().send()).toBe(count);
  });

  test("a legacy transaction renders without a version unless asked", async () => {
    const signature = await local.rpc.requestAirdrop(local.wallets[0]!.address, lamports(10n)).send();
    const reply = (await raw(request("getTransaction", [signature]))) as { result: Record<string, unknown> };
    expect(reply.result["version"]).toBeUndefined();
    expect(reply.result["slot"]).toBe(Number(local.engine.getTransactionRecord(signature)!.slot));
  });

  test("an airdrop below the rent-exempt minimum to a new account lands with InsufficientFundsForRent", async () => {
    const { address } = await generateKeyPairSigner();
    const signature = await local.rpc.requestAirdrop(address, lamports(1_000n)).send();
    const status = (await local.rpc.getSignatureStatuses([signature]).send()).value[0];
    expect(status?.err).toEqual({ InsufficientFundsForRent: { account_index: 1n } });
  });

  test("a partially signed transaction fails sigverify but simulates without it", async () => {
    const [from, to] = local.wallets;
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayer(local.payer.address, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash(local.engine.latestBlockhash() as never, m),
      (m) =>
        appendTransactionMessageInstruction(
          getTransferSolInstruction({ source: from!.signer, destination: to!.address, amount: lamports(9n) }),
          m,
        ),
    );
    const wire = getBase64EncodedWireTransaction(await partiallySignTransactionMessageWithSigners(message));
    expect(await raw(request("sendTransaction", [wire, { encoding: "base64" }]))).toMatchObject({
      error: { code: -32003 },
    });
    const sim = (await raw(request("simulateTransaction", [wire, { encoding: "base64" }]))) as {
      result: { value: { err: unknown } };
    };
    expect(sim.result.value.err).toBeNull();
  });

  test("sendTransaction and simulateTransaction default to base58", async () => {
    const [from, to] = local.wallets;
    const wire = toBase58(
      fromBase64(await solTransfer(from!.signer, to!.address, 8n, await latestLifetime(local.rpc))),
    );
    const sim = (await raw(request("simulateTransaction", [wire]))) as {
      result: { value: { err: unknown } };
    };
    expect(sim.result.value.err).toBeNull();
    const sent = (await raw(request("sendTransaction", [wire]))) as { result: string };
    expect(local.engine.getTransactionRecord(sent.result)?.err).toBeNull();
  });

  test("minContextSlot in the future answers -32016", async () => {
    const slot = local.engine.slot();
    const reply = await raw(
      request("getBalance", [local.payer.address, { minContextSlot: Number(slot + 10n) }]),
    );
    expect(reply).toMatchObject({ error: { code: -32016, data: { contextSlot: Number(slot) } } });
  });

  test("jsonParsed shows the ATA creation and its inner instructions", async () => {
    const owner = (await generateKeyPairSigner()).address;
    const signature = await local.mintTo({ mint: local.usdc.address, owner, amount: 1n });
    const tx = (await raw(
      request("getTransaction", [signature, { encoding: "jsonParsed", maxSupportedTransactionVersion: 0 }]),
    )) as {
      result: {
        transaction: {
          message: { instructions: { parsed: { type: string } }[]; accountKeys: { writable: boolean }[] };
        };
        meta: { innerInstructions: { instructions: { program?: string; parsed?: { type: string } }[] }[] };
      };
    };
    const types = tx.result.transaction.message.instructions.map((ix) => ix.parsed.type);
    expect(types).toEqual(["createIdempotent", "mintToChecked"]);
    const inner = tx.result.meta.innerInstructions[0]!.instructions.map(
      (ix) => `${ix.program}:${ix.parsed?.type}`,
    );
    expect(inner).toContain("spl-token:initializeAccount3");
    expect(tx.result.transaction.message.accountKeys[0]!.writable).toBe(true);
  });

  test("v0 transactions with address lookup tables report loaded addresses and their balances", async () => {
    const [from] = local.wallets;
    const targets: Address[] = [
      (await generateKeyPairSigner()).address,
      (await generateKeyPairSigner()).address,
    ];
    const table = (await generateKeyPairSigner()).address;
    // LookupTableMeta: u32 type (1), deactivation slot (none = u64::MAX), last extended slot 0, start 0,
    // no authority, padding to 56 bytes; then the addresses.
    const meta = new Uint8Array(56);
    writeU32(meta, 0, 1);
    writeU64(meta, 4, 2n ** 64n - 1n);
    const data = concatBytes([meta, ...targets.map(addressBytes)]);
    local.engine.setAccount({
      address: table,
      lamports: 10_000_000n,
      owner: ADDRESS_LOOKUP_TABLE_PROGRAM,
      data,
    });
    const lifetime = await latestLifetime(local.rpc);
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(from!.signer, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash(lifetime, m),
      (m) =>
        appendTransactionMessageInstruction(
          getTransferSolInstruction({
            source: from!.signer,
            destination: targets[1]!,
            amount: lamports(1_000_000n),
          }),
          m,
        ),
      (m) => compressTransactionMessageUsingAddressLookupTables(m, { [table]: targets }),
    );
    const wire = getBase64EncodedWireTransaction(await signTransactionMessageWithSigners(message));
    const signature = await local.rpc.sendTransaction(wire, { encoding: "base64" }).send();
    const tx = await local.rpc
      .getTransaction(signature, { encoding: "json", maxSupportedTransactionVersion: 0 })
      .send();
    expect(tx!.meta!.err).toBeNull();
    expect(tx!.meta!.loadedAddresses).toEqual({ writable: [targets[1]], readonly: [] });
    expect(tx!.meta!.postBalances.at(-1)).toBe(1_000_000n);
    expect((tx!.transaction.message as { addressTableLookups?: unknown }).addressTableLookups).toEqual([
      { accountKey: table, writableIndexes: [1], readonlyIndexes: [] },
    ]);
  });
});

describe("base58", () => {
  test("matches kit's codec on random and zero-prefixed inputs", () => {
    const kit = getBase58Decoder();
    const kitEncoder = getBase58Encoder();
    for (let i = 0; i < 500; i++) {
      const bytes = Uint8Array.from({ length: 1 + (i % 70) }, (_, j) =>
        j < i % 4 ? 0 : Math.floor(Math.random() * 256),
      );
      const text = toBase58(bytes);
      expect(text).toBe(kit.decode(bytes));
      expect(fromBase58(text)).toEqual(Uint8Array.from(kitEncoder.encode(text)));
    }
    expect(toBase58(new Uint8Array(0))).toBe("");
    expect(() => fromBase58("0OIl")).toThrow(/base58/);
  });
});

describe("LiteSVM public-API fallback", () => {
  test("gives the same results as the fast path", async () => {
    const results = [];
    for (const fallback of [false, true]) {
      const svm = new LiteSVM();
      if (fallback) usePublicLiteSvmApi(svm);
      const local = await createLocalSolana({ wallets: 2, engine: { svm } });
      const raw = inProcessRawCall(local.engine);
      const [from, to] = local.wallets;
      const ok = await local.send(
        [
          getTransferSolInstruction({
            source: from!.signer,
            destination: to!.address,
            amount: lamports(77n),
          }),
        ],
        { feePayer: from!.signer },
      );
      const tx = await local.rpc
        .getTransaction(ok, { encoding: "json", maxSupportedTransactionVersion: 0 })
        .send();
      const wire = await solTransfer(from!.signer, to!.address, 10n ** 15n, await latestLifetime(local.rpc));
      const failed = (await raw(request("sendTransaction", [wire, { encoding: "base64" }]))) as {
        error: unknown;
      };
      const unsigned = (await raw(
        request("sendTransaction", [toBase64(fromBase64(wire).fill(0, 1, 65)), { encoding: "base64" }]),
      )) as {
        error: unknown;
      };
      const token = await local.getTokenBalance({ owner: to!.address, mint: local.usdc.address });
      results.push({ meta: tx!.meta, failed: failed.error, unsigned: unsigned.error, token });
    }
    expect(results[0]).toMatchObject({
      failed: { code: -32002 },
      unsigned: { code: -32003 },
      token: 1_000_000_000n,
    });
    expect(results[1]).toEqual(results[0]);
  });
});
