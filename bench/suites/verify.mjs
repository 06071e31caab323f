// 2. Verification throughput, in process, one verification at a time: EVM exact (EIP-3009), Solana exact and
// Solana push, each "incl. RPC" (what a server pays: simulation / transaction lookup on the local chain) and
// "pure" (the scheme's own work: RPC off or replayed), against the physical floor of the same check: viem's
// typed-data recovery, one ed25519 verification, one getTransaction.
import { transferWithAuthorizationTypedData } from "@paymux/chain-evm";
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

/** Each row's name, what its verification checks (+ what it adds over RPC), and its floor's name. */
const ROWS = {
  evmExact: [
    "EVM exact (EIP-3009)",
    "signature recovery, recipient, window, amount; + eth_call simulation of transferWithAuthorization",
    "viem recoverTypedDataAddress",
  ],
  solanaExact: [
    "Solana exact (sponsored SPL)",
    "layout, compute caps, mint/destination/amount, fee-payer isolation, ed25519 of the payer; + simulateTransaction (co-signed)",
    "ed25519 verify (WebCrypto, key import included)",
  ],
  solanaPush: [
    "Solana push (SOL, client-broadcast)",
    "getTransaction at confirmed; recipient credit, amount, memo binding, age",
    "one getTransaction over HTTP (no checks)",
  ],
};

const row = ([name, check, floorName], [floor, pure, full]) => ({
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

    /** A fresh offer of `payee` at `price` on `network`, and `count` payments of it made with `pay`. */
    const offerAndPayments = async (payee, price, network, pay, count = PAYMENTS) => {
      const offer = await payee.createOffer({
        price,
        network,
        payTo: local.payTo[network],
        assets: local.assets,
      });
      const schemePayer = payerFor(payer.payers, payee.scheme, network);
      const payments = [];
      for (let i = 0; i < count; i++) payments.push(await pay(offer, schemePayer));
      return { offer, payments };
    };
    /** Measures a row: its floor, then `pure` and `full` verifying the same payments, and logs it as `label`. */
    const measure = async (label, [pure, full], { offer, payments }, floor, names) => {
      const figures = await measureAll([
        floor,
        verifier(pure, offer, payments),
        verifier(full, offer, payments),
      ]);
      rows.push(row(names, figures));
      log(`${label}: ${JSON.stringify(rows.at(-1))}`);
    };

    // EVM exact: EIP-3009 authorizations, signed fresh (their validBefore window is a minute).
    const evmCase = await offerAndPayments(evmExact, "$0.001", evm, x402Payment);
    const { offer: evmOffer } = evmCase;
    const typedData = evmCase.payments.map(({ payload: { authorization, signature } }) => ({
      signature,
      ...transferWithAuthorizationTypedData(
        {
          name: evmOffer.extra.name,
          version: evmOffer.extra.version,
          chainId: local.evm.chainId,
          verifyingContract: evmOffer.asset,
        },
        {
          ...authorization,
          value: BigInt(authorization.value),
          validAfter: BigInt(authorization.validAfter),
          validBefore: BigInt(authorization.validBefore),
        },
      ),
    }));
    const evmFloor = async (i) => {
      const data = typedData[i % typedData.length];
      const recovered = await recoverTypedDataAddress(data);
      if (recovered.toLowerCase() !== data.message.from.toLowerCase())
        throw new Error("recovered someone else");
    };
    await measure("EVM exact", [evmExactPure, evmExact], evmCase, evmFloor, ROWS.evmExact);

    // Solana exact: sponsored TransferChecked transactions, partially signed by the payer.
    const solCase = await offerAndPayments(solanaExact, "$0.001", solana, x402Payment);
    const signed = solCase.payments.map((payment) => {
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
    const recordSolana = verifier(solanaExactReplay, solCase.offer, solCase.payments);
    for (let i = 0; i < solCase.payments.length; i++) await recordSolana(i);
    replay.replay();
    await measure("Solana exact", [solanaExactReplay, solanaExact], solCase, ed25519Floor, ROWS.solanaExact);

    // Solana push: SOL transfers the payer broadcast itself; verification reads them back by signature.
    const pushCase = await offerAndPayments(
      solanaPush,
      "0.001 SOL",
      solana,
      legacyPayment,
      Math.min(PAYMENTS, 12),
    );
    const plainRpc = createSolanaRpc(config.solana.rpcUrl);
    const lookupFloor = async (i) => {
      const signature = pushCase.payments[i % pushCase.payments.length].payload.signature;
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
    const recordPush = verifier(solanaPushReplay, pushCase.offer, pushCase.payments);
    for (let i = 0; i < pushCase.payments.length; i++) await recordPush(i);
    await measure("Solana push", [solanaPushReplay, solanaPush], pushCase, lookupFloor, ROWS.solanaPush);
    return { msPerFigure: MS, rows };
  } finally {
    await chains.stop();
  }
});
