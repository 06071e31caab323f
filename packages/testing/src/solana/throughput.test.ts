import { type Base64EncodedWireTransaction, generateKeyPairSigner } from "@solana/kit";
import { expect, test } from "vitest";
import { createLocalSolana } from "./fixtures.js";
import { latestLifetime, solTransfer } from "./test-helpers.js";

const N = 400;

// Reported, not asserted beyond a floor: the machines are shared 2-core boxes.
test("throughput of signed SOL transfers through the in-process transport", async () => {
  // 64 transactions share a slot so that a pre-signed burst stays inside one blockhash's 150-slot window.
  const local = await createLocalSolana({ wallets: 1, engine: { transactionsPerSlot: 64 } });
  const { rpc } = local;
  const from = local.wallets[0]!.signer;
  const to = (await generateKeyPairSigner()).address;
  // The recipient must exist (rent-exempt) before it can take small transfers.
  await local.airdrop(to, 1_000_000_000n);
  const countBefore = await rpc.getTransactionCount().send();
  const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);

  let start = performance.now();
  let lifetime = await latestLifetime(rpc);
  for (let i = 0; i < N; i++) {
    const wire = await solTransfer(from, to, 1_000n + BigInt(i), lifetime);
    await rpc.sendTransaction(wire as Base64EncodedWireTransaction, { encoding: "base64" }).send();
  }
  const signAndSend = rate(N, performance.now() - start);

  lifetime = await latestLifetime(rpc);
  start = performance.now();
  const signed: string[] = [];
  for (let i = 0; i < 2 * N; i++) signed.push(await solTransfer(from, to, 100_000n + BigInt(i), lifetime));
  const signOnly = rate(2 * N, performance.now() - start);

  start = performance.now();
  for (const wire of signed.slice(0, N)) {
    await rpc.sendTransaction(wire as Base64EncodedWireTransaction, { encoding: "base64" }).send();
  }
  const sendWithPreflight = rate(N, performance.now() - start);

  start = performance.now();
  for (const wire of signed.slice(N)) {
    await rpc
      .sendTransaction(wire as Base64EncodedWireTransaction, { encoding: "base64", skipPreflight: true })
      .send();
  }
  const sendSkipPreflight = rate(N, performance.now() - start);

  console.log(
    `SOL transfers/s over the in-process kit transport (N=${N}): sign+send ${signAndSend}, ` +
      `sign only ${signOnly}, pre-signed send ${sendWithPreflight} (preflight) / ${sendSkipPreflight} (skipPreflight)`,
  );
  expect(await rpc.getTransactionCount().send()).toBe(countBefore + BigInt(3 * N));
  expect(signAndSend).toBeGreaterThan(50);
});
