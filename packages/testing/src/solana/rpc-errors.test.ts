import {
  type Base64EncodedWireTransaction,
  isSolanaError,
  SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM,
  SOLANA_ERROR__JSON_RPC__METHOD_NOT_FOUND,
  SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE,
  SOLANA_ERROR__JSON_RPC__SERVER_ERROR_TRANSACTION_SIGNATURE_VERIFICATION_FAILURE,
  SOLANA_ERROR__TRANSACTION_ERROR__BLOCKHASH_NOT_FOUND,
} from "@solana/kit";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fromBase64, toBase64 } from "./bytes.js";
import { waitForSignature } from "./send.js";
import {
  type ChainUnderTest,
  latestLifetime,
  openChain,
  request,
  solTransfer,
  TRANSPORTS,
} from "./test-helpers.js";

const b64 = (wire: string) => wire as Base64EncodedWireTransaction;

// Flips a byte of the first signature so that verification fails.
function corruptSignature(wire: string): string {
  const bytes = fromBase64(wire);
  bytes[5] = (bytes[5] ?? 0) ^ 0xff;
  return toBase64(bytes);
}

describe.each(TRANSPORTS)("errors and simulation over the %s transport", (transport) => {
  let chain: ChainUnderTest;
  beforeAll(async () => {
    chain = await openChain(transport);
  });
  afterAll(() => chain.close());

  test("simulateTransaction with sigVerify true and false", async () => {
    const { rpc, local } = chain;
    const [from, to] = local.wallets;
    const wire = await solTransfer(from!.signer, to!.address, 1_000n, await latestLifetime(rpc));
    const ok = await rpc.simulateTransaction(b64(wire), { encoding: "base64", sigVerify: true }).send();
    expect(ok.value.err).toBeNull();
    expect(ok.value.unitsConsumed).toBeGreaterThan(0n);
    expect(ok.value.logs).toContain("Program 11111111111111111111111111111111 success");
    expect(ok.value.replacementBlockhash).toBeNull();
    expect(ok.value.fee).toBe(5000n);
    expect(ok.value.postBalances![1]! - ok.value.preBalances![1]!).toBe(1_000n);

    const bad = b64(corruptSignature(wire));
    const lax = await rpc.simulateTransaction(bad, { encoding: "base64", sigVerify: false }).send();
    expect(lax.value.err).toBeNull();
    const strict = await rpc
      .simulateTransaction(bad, { encoding: "base64", sigVerify: true })
      .send()
      .catch((e) => e);
    expect(
      isSolanaError(strict, SOLANA_ERROR__JSON_RPC__SERVER_ERROR_TRANSACTION_SIGNATURE_VERIFICATION_FAILURE),
    ).toBe(true);
    // Simulation never changes state.
    expect((await rpc.getBalance(to!.address).send()).value).toBe(ok.value.preBalances![1]);
  });

  test("simulateTransaction with replaceRecentBlockhash runs a stale transaction against the latest blockhash", async () => {
    const { rpc, local } = chain;
    const [from, to] = local.wallets;
    const stale = b64(await solTransfer(from!.signer, to!.address, 2_000n, await latestLifetime(rpc)));
    local.engine.expireBlockhash();
    const without = await rpc.simulateTransaction(stale, { encoding: "base64" }).send();
    expect(without.value.err).toBe("BlockhashNotFound");
    expect(without.value.logs).toEqual([]);
    const replaced = await rpc
      .simulateTransaction(stale, { encoding: "base64", replaceRecentBlockhash: true })
      .send();
    expect(replaced.value.err).toBeNull();
    expect(replaced.value.replacementBlockhash?.blockhash).toBe((await latestLifetime(rpc)).blockhash);
    const both = await chain.raw(
      request("simulateTransaction", [
        stale,
        { encoding: "base64", sigVerify: true, replaceRecentBlockhash: true },
      ]),
    );
    expect(both).toMatchObject({
      error: { code: -32602, message: "sigVerify may not be used with replaceRecentBlockhash" },
    });
  });

  test("an insufficient-funds transfer fails preflight with -32002, and lands with err under skipPreflight", async () => {
    const { rpc, local } = chain;
    const [from, to] = local.wallets;
    const balance = (await rpc.getBalance(from!.address).send()).value;
    const wire = await solTransfer(from!.signer, to!.address, balance * 2n, await latestLifetime(rpc));

    const envelope = (await chain.raw(request("sendTransaction", [wire, { encoding: "base64" }]))) as {
      error: { code: number; message: string; data: Record<string, unknown> };
    };
    expect(envelope.error.code).toBe(-32002);
    expect(envelope.error.message).toBe(
      "Transaction simulation failed: Error processing Instruction 0: custom program error: 0x1",
    );
    expect(envelope.error.data).toMatchObject({
      err: { InstructionError: [0, { Custom: 1 }] },
      accounts: null,
      unitsConsumed: 150,
    });
    expect(envelope.error.data["logs"]).toContain(
      "Program 11111111111111111111111111111111 failed: custom program error: 0x1",
    );

    const thrown = await rpc
      .sendTransaction(b64(wire), { encoding: "base64" })
      .send()
      .catch((e: unknown) => e);
    expect(
      isSolanaError(thrown, SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE),
    ).toBe(true);
    expect(isSolanaError((thrown as Error).cause, SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM)).toBe(true);

    const signature = await rpc
      .sendTransaction(b64(wire), { encoding: "base64", skipPreflight: true })
      .send();
    await expect(waitForSignature(rpc, signature)).rejects.toThrow(/failed/);
    const status = (await rpc.getSignatureStatuses([signature]).send()).value[0];
    expect(status?.err).toEqual({ InstructionError: [0n, { Custom: 1n }] });
    const tx = await rpc
      .getTransaction(signature, { encoding: "json", maxSupportedTransactionVersion: 0 })
      .send();
    expect(tx!.meta!.err).toEqual({ InstructionError: [0n, { Custom: 1n }] });
    expect(tx!.meta!.status).toEqual({ Err: { InstructionError: [0n, { Custom: 1n }] } });
    expect(tx!.meta!.preBalances[0]! - tx!.meta!.postBalances[0]!).toBe(5000n);

    const again = (await chain.raw(request("sendTransaction", [wire, { encoding: "base64" }]))) as {
      error: { data: { err: unknown } };
    };
    expect(again.error.data.err).toBe("AlreadyProcessed");
  });

  test("a transaction whose blockhash is older than 150 blocks fails with BlockhashNotFound", async () => {
    const { rpc, local } = chain;
    const [from, to] = local.wallets;
    const lifetime = await latestLifetime(rpc);
    const wire = b64(await solTransfer(from!.signer, to!.address, 3_000n, lifetime));
    local.engine.advanceSlots(149);
    expect((await rpc.isBlockhashValid(lifetime.blockhash).send()).value).toBe(true);
    local.engine.advanceSlots(1);
    expect((await rpc.isBlockhashValid(lifetime.blockhash).send()).value).toBe(false);
    expect(await rpc.getBlockHeight().send()).toBe(lifetime.lastValidBlockHeight);

    const envelope = (await chain.raw(request("sendTransaction", [wire, { encoding: "base64" }]))) as {
      error: { code: number; message: string; data: { err: unknown; logs: unknown } };
    };
    expect(envelope.error).toMatchObject({
      code: -32002,
      message: "Transaction simulation failed: Blockhash not found",
      data: { err: "BlockhashNotFound", logs: [], accounts: null, unitsConsumed: 0 },
    });
    const thrown = await rpc
      .sendTransaction(wire, { encoding: "base64" })
      .send()
      .catch((e: unknown) => e);
    expect(isSolanaError((thrown as Error).cause, SOLANA_ERROR__TRANSACTION_ERROR__BLOCKHASH_NOT_FOUND)).toBe(
      true,
    );
    // Without preflight the RPC accepts it, but it never lands.
    const signature = await rpc.sendTransaction(wire, { encoding: "base64", skipPreflight: true }).send();
    expect(
      (await rpc.getSignatureStatuses([signature], { searchTransactionHistory: true }).send()).value[0],
    ).toBeNull();
  });

  test("a corrupted signature is rejected with -32003 before simulation", async () => {
    const { rpc, local } = chain;
    const [from, to] = local.wallets;
    const wire = corruptSignature(
      await solTransfer(from!.signer, to!.address, 4_000n, await latestLifetime(rpc)),
    );
    const envelope = await chain.raw(request("sendTransaction", [wire, { encoding: "base64" }]));
    expect(envelope).toMatchObject({
      error: { code: -32003, message: "Transaction signature verification failure" },
    });
  });

  test("unknown methods answer -32601 and bad params -32602", async () => {
    const unknown = await chain.raw(request("getEverything", [], 7));
    expect(unknown).toEqual({ jsonrpc: "2.0", id: 7, error: { code: -32601, message: "Method not found" } });
    const viaKit = await (chain.rpc as unknown as { getEverything(): { send(): Promise<unknown> } })
      .getEverything()
      .send()
      .catch((e: unknown) => e);
    expect(isSolanaError(viaKit, SOLANA_ERROR__JSON_RPC__METHOD_NOT_FOUND)).toBe(true);
    for (const [method, params] of [
      ["getBalance", ["not-an-address"]],
      ["getBalance", []],
      ["getAccountInfo", [chain.local.payer.address, { encoding: "hex" }]],
      ["sendTransaction", ["!!!", { encoding: "base64" }]],
      ["sendTransaction", ["AAAA", { encoding: "base64" }]],
      ["getSignatureStatuses", ["nope"]],
      ["getMinimumBalanceForRentExemption", [-1]],
    ] as const) {
      const reply = (await chain.raw(request(method, [...params]))) as {
        error?: { code: number; message: string };
      };
      expect(reply.error?.code, `${method} ${JSON.stringify(params)}`).toBe(-32602);
      expect(reply.error?.message.length).toBeGreaterThan(10);
    }
  });
});
