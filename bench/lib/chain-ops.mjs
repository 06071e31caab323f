// The chain operations of a payment alone, with no HTTP and no paymux: the floor a paid round trip is compared
// with. Same local chains, same RPC endpoints (HTTP) and the same polling interval as the server's payees.
import { transferWithAuthorizationTypedData } from "@paymux/chain-evm";
import { associatedTokenAddress } from "@paymux/chain-solana";
import { testUsdcAbi } from "@paymux/testing/evm";
import { SYSTEM_PROGRAM, sendInstructions } from "@paymux/testing/solana";
import {
  AccountRole,
  createKeyPairSignerFromBytes,
  createKeyPairSignerFromPrivateKeyBytes,
  createSolanaRpc,
} from "@solana/kit";
import { createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { evmClient } from "./payees.mjs";

const u64 = (value) => {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, value, true);
  return bytes;
};
const randomBytes32 = () => `0x${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex")}`;

/**
 * `{ evmExact, evmPush, solanaExact, solanaPush }`: each pays `amount` once and resolves when the chain
 * confirmed it. EVM exact = sign EIP-3009 + transferWithAuthorization + receipt (what settlement sends);
 * EVM push = ERC-20 transfer + receipt; Solana exact = blockhash + TransferChecked signed by payer and fee payer
 * + send + confirm; Solana push = blockhash + SOL transfer + send + confirm.
 */
export async function createChainOps({ local, server: config }, payer) {
  const publicClient = evmClient(config);
  const chain = publicClient.chain;
  const transport = http(config.evm.rpcUrl);
  const payerAccount = privateKeyToAccount(payer.evm.privateKey);
  const payerWallet = createWalletClient({
    chain,
    transport,
    account: payerAccount,
    pollingInterval: config.pollingIntervalMs,
  });
  // anvil dev #3: nobody else sends from it during a run, so its nonces are its own.
  const sender = createWalletClient({
    chain,
    transport,
    account: local.evm.payee,
    pollingInterval: config.pollingIntervalMs,
  });
  const token = local.evm.usdc;
  const evmPayTo = local.payTo[local.evm.caip2];

  const rpc = createSolanaRpc(config.solana.rpcUrl);
  const solanaPayer = await createKeyPairSignerFromBytes(payer.solana.secretKey);
  const feePayer = await createKeyPairSignerFromPrivateKeyBytes(
    Uint8Array.from(Buffer.from(config.solana.feePayerSeed, "hex")),
  );
  const mint = local.solana.usdc;
  const solanaPayTo = local.payTo[local.solana.caip2];
  const source = await associatedTokenAddress(solanaPayer.address, mint.address, mint.tokenProgram);
  const destination = await associatedTokenAddress(solanaPayTo, mint.address, mint.tokenProgram);
  const confirm = { intervalMs: config.pollingIntervalMs };

  return {
    async evmExact(amount) {
      const now = BigInt(Math.floor(Date.now() / 1000));
      const message = {
        from: payerAccount.address,
        to: evmPayTo,
        value: amount,
        validAfter: now - 600n,
        validBefore: now + 60n,
        nonce: randomBytes32(),
      };
      const signature = await payerAccount.signTypedData(
        transferWithAuthorizationTypedData(
          { name: token.name, version: token.version, chainId: chain.id, verifyingContract: token.address },
          message,
        ),
      );
      const hash = await sender.writeContract({
        address: token.address,
        abi: testUsdcAbi,
        functionName: "transferWithAuthorization",
        args: [
          message.from,
          message.to,
          message.value,
          message.validAfter,
          message.validBefore,
          message.nonce,
          signature,
        ],
      });
      await publicClient.waitForTransactionReceipt({ hash });
    },
    async evmPush(amount) {
      const hash = await payerWallet.writeContract({
        address: token.address,
        abi: testUsdcAbi,
        functionName: "transfer",
        args: [evmPayTo, amount],
      });
      await publicClient.waitForTransactionReceipt({ hash });
    },
    async solanaExact(amount) {
      // SPL Token TransferChecked (instruction 12): amount u64 LE, decimals u8.
      const data = new Uint8Array([12, ...u64(amount), mint.decimals]);
      const transfer = {
        programAddress: mint.tokenProgram,
        accounts: [
          { address: source, role: AccountRole.WRITABLE },
          { address: mint.address, role: AccountRole.READONLY },
          { address: destination, role: AccountRole.WRITABLE },
          { address: solanaPayer.address, role: AccountRole.READONLY_SIGNER, signer: solanaPayer },
        ],
        data,
      };
      await sendInstructions(rpc, [transfer], feePayer, confirm);
    },
    async solanaPush(lamports) {
      // System Program Transfer (instruction 2): u32 LE index, lamports u64 LE.
      const data = new Uint8Array([2, 0, 0, 0, ...u64(lamports)]);
      const transfer = {
        programAddress: SYSTEM_PROGRAM,
        accounts: [
          { address: solanaPayer.address, role: AccountRole.WRITABLE_SIGNER, signer: solanaPayer },
          { address: solanaPayTo, role: AccountRole.WRITABLE },
        ],
        data,
      };
      await sendInstructions(rpc, [transfer], solanaPayer, confirm);
    },
  };
}
