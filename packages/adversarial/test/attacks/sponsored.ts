// Hand-built sponsored Solana transactions, as a hostile client would build them: any instructions, the
// server's fee payer in the fee-payer slot (unsigned), the client's signatures only. The compute-budget and
// system instructions are encoded here by hand (their layouts are a byte or two), so the attacks need no
// more program clients than the token one.
import {
  AccountRole,
  type Address,
  appendTransactionMessageInstructions,
  createTransactionMessage,
  getAddressEncoder,
  getBase64EncodedWireTransaction,
  type Instruction,
  partiallySignTransactionMessageWithSigners,
  pipe,
  type Rpc,
  type SolanaRpcApi,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  type TransactionSigner,
} from "@solana/kit";

const COMPUTE_BUDGET = "ComputeBudget111111111111111111111111111111" as Address;
const SYSTEM = "11111111111111111111111111111111" as Address;
const MEMO = "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr" as Address;

const le = (bytes: number, value: bigint) => {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
};
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));

/** ComputeBudget SetComputeUnitLimit. */
export const computeLimit = (units: number): Instruction => ({
  programAddress: COMPUTE_BUDGET,
  accounts: [],
  data: concat(Uint8Array.of(2), le(4, BigInt(units))),
});

/** ComputeBudget SetComputeUnitPrice (microlamports per unit). */
export const computePrice = (microLamports: bigint): Instruction => ({
  programAddress: COMPUTE_BUDGET,
  accounts: [],
  data: concat(Uint8Array.of(3), le(8, microLamports)),
});

/** An account as signer: a signer object signs it, a bare address leaves its signature slot empty. */
const signerMeta = (who: Address | TransactionSigner, role = AccountRole.WRITABLE_SIGNER) =>
  typeof who === "string" ? { address: who, role } : { address: who.address, role, signer: who };

/** System Transfer of lamports. */
export const systemTransfer = (
  from: Address | TransactionSigner,
  to: Address,
  lamports: bigint,
): Instruction => ({
  programAddress: SYSTEM,
  accounts: [signerMeta(from), { address: to, role: AccountRole.WRITABLE }],
  data: concat(le(4, 2n), le(8, lamports)),
});

/** System CreateAccount funded by `from`. */
export const createAccount = (
  from: Address | TransactionSigner,
  account: TransactionSigner,
  lamports: bigint,
  space: bigint,
  owner: Address,
): Instruction => ({
  programAddress: SYSTEM,
  accounts: [signerMeta(from), signerMeta(account)],
  data: concat(le(4, 0n), le(8, lamports), le(8, space), Uint8Array.from(getAddressEncoder().encode(owner))),
});

/** A Memo, optionally naming signer accounts (the Memo program checks they signed). */
export const memo = (text: string, signers: (Address | TransactionSigner)[] = []): Instruction => ({
  programAddress: MEMO,
  accounts: signers.map((who) => signerMeta(who, AccountRole.READONLY_SIGNER)),
  data: new TextEncoder().encode(text),
});

/** A v0 transaction with `feePayer` in the fee-payer slot, signed by every signer object it names. */
export async function sponsoredTransaction(
  rpc: Rpc<SolanaRpcApi>,
  feePayer: Address,
  instructions: Instruction[],
): Promise<string> {
  const { value } = await rpc.getLatestBlockhash({ commitment: "confirmed" }).send();
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayer(feePayer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(value, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
  return getBase64EncodedWireTransaction(await partiallySignTransactionMessageWithSigners(message));
}
