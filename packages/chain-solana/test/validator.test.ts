// The paid flows against a real validator (solana-test-validator, devnet, or paymux's own HTTP RPC) when
// PAYMUX_SOLANA_RPC_URL is set. Only SOL airdrops are needed: the suite creates its own 6-decimal mint.
import type { AssetInfo, Caip2, Offer } from "@paymux/core";
import { sendInstructions } from "@paymux/testing/solana";
import {
  createSolanaRpc,
  generateKeyPairSigner,
  type KeyPairSigner,
  type Rpc,
  type SolanaRpcApi,
} from "@solana/kit";
import { getCreateAccountInstruction, getTransferSolInstruction } from "@solana-program/system";
import {
  getCreateAssociatedTokenIdempotentInstructionAsync,
  getInitializeMint2Instruction,
  getMintSize,
  getMintToInstruction,
} from "@solana-program/token";
import { beforeAll, describe, expect, it } from "vitest";
import { exactSolanaPayer, pushSolanaPayer } from "../src/client/index.js";
import { associatedTokenAddress, SPL_TOKEN_PROGRAM, waitForConfirmation } from "../src/index.js";
import { exactSolanaPayee, pushSolanaPayee } from "../src/server/index.js";
import { lamports, payX402 } from "./helpers.js";

const url = process.env["PAYMUX_SOLANA_RPC_URL"];
if (!url) {
  console.log(
    "[chain-solana] PAYMUX_SOLANA_RPC_URL is unset: the real-validator suite is skipped (set it to a validator RPC URL that serves requestAirdrop)",
  );
}

describe.skipIf(!url)("against PAYMUX_SOLANA_RPC_URL", { timeout: 180_000 }, () => {
  let rpc: Rpc<SolanaRpcApi>;
  let network: Caip2;
  let funder: KeyPairSigner;
  let client: KeyPairSigner;
  let feePayer: KeyPairSigner;
  let recipient: KeyPairSigner;
  let asset: AssetInfo;

  beforeAll(async () => {
    rpc = createSolanaRpc(url as string);
    network = `solana:${(await rpc.getGenesisHash().send()).slice(0, 32)}` as Caip2;
    [funder, client, feePayer, recipient] = (await Promise.all(
      [1, 2, 3, 4].map(() => generateKeyPairSigner()),
    )) as [KeyPairSigner, KeyPairSigner, KeyPairSigner, KeyPairSigner];
    const airdrop = await rpc.requestAirdrop(funder.address, 1_000_000_000n as never).send();
    expect(await waitForConfirmation(rpc, airdrop, { timeoutMs: 60_000 })).toEqual({ status: "confirmed" });
    const mint = await generateKeyPairSigner();
    const rent = await rpc.getMinimumBalanceForRentExemption(BigInt(getMintSize())).send();
    await sendInstructions(
      rpc,
      [
        getCreateAccountInstruction({
          payer: funder,
          newAccount: mint,
          lamports: rent,
          space: getMintSize(),
          programAddress: SPL_TOKEN_PROGRAM,
        }),
        getInitializeMint2Instruction({ mint: mint.address, decimals: 6, mintAuthority: funder.address }),
        ...[feePayer, client, recipient].map((to) =>
          getTransferSolInstruction({ source: funder, destination: to.address, amount: 50_000_000n }),
        ),
      ],
      funder,
    );
    await sendInstructions(
      rpc,
      [
        await getCreateAssociatedTokenIdempotentInstructionAsync({
          payer: funder,
          owner: client.address,
          mint: mint.address,
        }),
        await getCreateAssociatedTokenIdempotentInstructionAsync({
          payer: funder,
          owner: recipient.address,
          mint: mint.address,
        }),
        getMintToInstruction({
          mint: mint.address,
          token: await associatedTokenAddress(client.address, mint.address, SPL_TOKEN_PROGRAM),
          mintAuthority: funder,
          amount: 1_000_000n,
        }),
      ],
      funder,
    );
    asset = {
      network,
      address: mint.address,
      symbol: "TUSD",
      decimals: 6,
      usd: true,
      tokenProgram: SPL_TOKEN_PROGRAM,
    };
  });

  it("exact (x402, sponsored): verified, co-signed and settled", async () => {
    const payee = exactSolanaPayee({ rpc, feePayer, assets: [asset] });
    const offer = (await payee.createOffer({ price: "$0.10", network, payTo: recipient.address })) as Offer;
    const { payment, context } = await payX402(exactSolanaPayer({ signer: client, rpc }), offer);
    await expect(payee.verify(payment, offer, context)).resolves.toEqual({
      valid: true,
      payer: client.address,
    });
    await expect(payee.settle(payment, offer, context)).resolves.toMatchObject({ success: true });
    const ata = await associatedTokenAddress(recipient.address, asset.address, SPL_TOKEN_PROGRAM);
    expect((await rpc.getTokenAccountBalance(ata, { commitment: "confirmed" }).send()).value.amount).toBe(
      "100000",
    );
  });

  it("push SOL: the client's transfer verifies by signature", async () => {
    const payee = pushSolanaPayee({ rpc });
    const offer = (await payee.createOffer({
      price: "0.000001 SOL",
      network,
      payTo: recipient.address,
    })) as Offer;
    const before = await lamports(rpc, recipient.address);
    const { payment, context } = await payX402(pushSolanaPayer({ signer: client, rpc }), offer);
    await expect(payee.verify(payment, offer, context)).resolves.toMatchObject({ valid: true });
    expect((await lamports(rpc, recipient.address)) - before).toBe(1_000n);
  });
});
