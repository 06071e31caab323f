// 2. Verification throughput, in process, one verification at a time: EVM exact (EIP-3009), Solana exact and
// Solana push, each "incl. RPC" (what a server pays: simulation / transaction lookup on the local chain) and
// "pure" (the scheme's own work: RPC off or replayed), against the physical floor of the same check: viem's
// typed-data recovery, one ed25519 verification, one getTransaction.
import {
  createSolanaRpc,
  getBase64Encoder,
  getPublicKeyFromAddress,
  getTransactionDecoder,
  verifySignature,
} from "@solana/kit";
import { recoverTypedDataAddress } from "viem";
import { startChains } from "../lib/chains.mjs";
import { createPayees } from "../lib/payees.mjs";
import { legacyPayment, payerFor, x402Payment } from "../lib/payments.mjs";
import { createReplayRpc } from "../lib/replay-rpc.mjs";
import { round, throughput } from "../lib/stats.mjs";
import { QUICK, runSuite } from "../lib/suite.mjs";

const MS = QUICK ? 300 : 1500;
const ROUNDS = 3;
const PAYMENTS = QUICK ? 4 : 24;

/**
 * Calls per second and this process's CPU µs per call, one call at a time, for several functions measured in
 * alternation (ROUNDS slices each), so that a burst of load from elsewhere on the machine hits them all alike.
 */
async function measureAll(fns) {
  for (const fn of fns) await throughput(fn, { ms: 100, min: 3 }); // warm-up: JIT, key imports, connections
  const totals = fns.map(() => ({ calls: 0, seconds: 0, cpuUs: 0 }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, fn] of fns.entries()) {
      const cpu = process.cpuUsage();
      const { calls, perSecond } = await throughput(fn, { ms: MS / ROUNDS, min: 3 });
      const used = process.cpuUsage(cpu);
      totals[i].calls += calls;
      totals[i].seconds += calls / perSecond;
      totals[i].cpuUs += used.user + used.system;
    }
  }
  return totals.map((t) => ({
    perSecond: round(t.calls / t.seconds, 0),
    cpuUs: round(t.cpuUs / t.calls, 0),
    calls: t.calls,
  }));
}

/** Verifies `payments` round-robin and fails loudly on the first invalid one: a bench of rejections is no bench. */
function verifier(payee, offer, payments) {
  return async (i) => {
    const payment = payments[i % payments.length];
    const result = await payee.verify(payment, offer, { dialect: payment.dialect, now: Date.now });
    if (!result.valid)
      throw new Error(`${payee.scheme} on ${offer.network}: ${result.reason} ${result.message}`);
  };
}

const row = (name, check, [floor, pure, full], floorName) => ({
  name,
  check,
  inclRpc: full,
  pure,
  floor: { name: floorName, ...floor },
  // CPU of one verification in floors (1.0 = nothing but the check itself); CPU, not rate, because the rate
  // of a loaded shared machine moves with everything else running on it.
  pureOverFloorCpu: round(pure.cpuUs / floor.cpuUs, 2),
  inclRpcOverFloorCpu: round(full.cpuUs / floor.cpuUs, 2),
});

await runSuite("verify", async (log) => {
  const chains = await startChains();
  try {
    const { local, server: config } = chains;
    const payer = await local.createPayer({ usdc: "100", sol: "20" });
    const evm = local.evm.caip2;
    const solana = local.solana.caip2;
    const [evmExact, , solanaExact, solanaPush] = await createPayees(config);
    const [evmExactPure] = await createPayees(config, { simulate: false });
    const replay = createReplayRpc(config.solana.rpcUrl);
    const [, , solanaExactReplay, solanaPushReplay] = await createPayees(config, { solanaRpc: replay.rpc });
    const rows = [];

    // EVM exact: EIP-3009 authorizations, signed fresh (their validBefore window is a minute).
    const evmOffer = await evmExact.createOffer({
      price: "$0.001",
      network: evm,
      payTo: local.payTo[evm],
      assets: local.assets,
    });
    const evmPayer = payerFor(payer.payers, "exact", evm);
    const evmPayments = [];
    for (let i = 0; i < PAYMENTS; i++) evmPayments.push(await x402Payment(evmOffer, evmPayer));
    const typedData = evmPayments.map((payment) => {
      const { authorization, signature } = payment.payload;
      return {
        signature,
        domain: {
          name: evmOffer.extra.name,
          version: evmOffer.extra.version,
          chainId: local.evm.chainId,
          verifyingContract: evmOffer.asset,
        },
        types: {
          TransferWithAuthorization: [
            { name: "from", type: "address" },
            { name: "to", type: "address" },
            { name: "value", type: "uint256" },
            { name: "validAfter", type: "uint256" },
            { name: "validBefore", type: "uint256" },
            { name: "nonce", type: "bytes32" },
          ],
        },
        primaryType: "TransferWithAuthorization",
        message: {
          ...authorization,
          value: BigInt(authorization.value),
          validAfter: BigInt(authorization.validAfter),
          validBefore: BigInt(authorization.validBefore),
        },
      };
    });
    const evmFloor = async (i) => {
      const data = typedData[i % typedData.length];
      const recovered = await recoverTypedDataAddress(data);
      if (recovered.toLowerCase() !== data.message.from.toLowerCase())
        throw new Error("recovered someone else");
    };
    rows.push(
      row(
        "EVM exact (EIP-3009)",
        "signature recovery, recipient, window, amount; + eth_call simulation of transferWithAuthorization",
        await measureAll([
          evmFloor,
          verifier(evmExactPure, evmOffer, evmPayments),
          verifier(evmExact, evmOffer, evmPayments),
        ]),
        "viem recoverTypedDataAddress",
      ),
    );
    log(`EVM exact: ${JSON.stringify(rows.at(-1))}`);

    // Solana exact: sponsored TransferChecked transactions, partially signed by the payer.
    const solOffer = await solanaExact.createOffer({
      price: "$0.001",
      network: solana,
      payTo: local.payTo[solana],
      assets: local.assets,
    });
    const solPayer = payerFor(payer.payers, "exact", solana);
    const solPayments = [];
    for (let i = 0; i < PAYMENTS; i++) solPayments.push(await x402Payment(solOffer, solPayer));
    const signed = solPayments.map((payment) => {
      const decoded = getTransactionDecoder().decode(getBase64Encoder().encode(payment.payload.transaction));
      const [address, signature] = Object.entries(decoded.signatures).find(([, bytes]) =>
        bytes?.some((b) => b !== 0),
      );
      return { address, signature, message: decoded.messageBytes };
    });
    const ed25519Floor = async (i) => {
      const { address, signature, message } = signed[i % signed.length];
      if (!(await verifySignature(await getPublicKeyFromAddress(address), signature, message))) {
        throw new Error("bad signature");
      }
    };
    // Record each payment's simulation once; from then on the replaying RPC answers from memory.
    for (let i = 0; i < solPayments.length; i++) await verifier(solanaExactReplay, solOffer, solPayments)(i);
    replay.replay();
    rows.push(
      row(
        "Solana exact (sponsored SPL)",
        "layout, compute caps, mint/destination/amount, fee-payer isolation, ed25519 of the payer; + simulateTransaction (co-signed)",
        await measureAll([
          ed25519Floor,
          verifier(solanaExactReplay, solOffer, solPayments),
          verifier(solanaExact, solOffer, solPayments),
        ]),
        "ed25519 verify (WebCrypto, key import included)",
      ),
    );
    log(`Solana exact: ${JSON.stringify(rows.at(-1))}`);

    // Solana push: SOL transfers the payer broadcast itself; verification reads them back by signature.
    const pushOffer = await solanaPush.createOffer({
      price: "0.001 SOL",
      network: solana,
      payTo: local.payTo[solana],
      assets: local.assets,
    });
    const pushPayer = payerFor(payer.payers, "push", solana);
    const pushPayments = [];
    for (let i = 0; i < Math.min(PAYMENTS, 12); i++)
      pushPayments.push(await legacyPayment(pushOffer, pushPayer));
    const plainRpc = createSolanaRpc(config.solana.rpcUrl);
    const lookupFloor = async (i) => {
      const signature = pushPayments[i % pushPayments.length].payload.signature;
      const found = await plainRpc
        .getTransaction(signature, {
          commitment: "confirmed",
          maxSupportedTransactionVersion: 0,
          encoding: "json",
        })
        .send();
      if (!found) throw new Error("transaction not found");
    };
    // The replaying RPC already replays: each signature's first lookup is recorded, the rest answered from memory.
    for (let i = 0; i < pushPayments.length; i++)
      await verifier(solanaPushReplay, pushOffer, pushPayments)(i);
    rows.push(
      row(
        "Solana push (SOL, client-broadcast)",
        "getTransaction at confirmed; recipient credit, amount, memo binding, age",
        await measureAll([
          lookupFloor,
          verifier(solanaPushReplay, pushOffer, pushPayments),
          verifier(solanaPush, pushOffer, pushPayments),
        ]),
        "one getTransaction over HTTP (no checks)",
      ),
    );
    log(`Solana push: ${JSON.stringify(rows.at(-1))}`);
    return { msPerFigure: MS, rows };
  } finally {
    await chains.stop();
  }
});
