import { PaymuxError } from "@paymux/core";
// Token helpers of the fixtures: mints written straight into the chain state, ATAs and minting done with
// real transactions so balances, supply and history stay consistent.
import type { Address, Rpc, Signature, SolanaRpcApi, TransactionSigner } from "@solana/kit";
import {
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
  getMintEncoder,
  getMintToCheckedInstruction,
} from "@solana-program/token";
import { TOKEN_2022_PROGRAM, TOKEN_PROGRAM } from "./constants.js";
import type { SolanaEngine } from "./engine.js";
import { sendInstructions } from "./send.js";

/** Options of a fixture's `createMint`. */
export interface CreateMintParameters {
  readonly decimals: number;
  /** SPL Token (default) or Token-2022. */
  readonly tokenProgram?: Address;
  /** Where the mint lives (default: a fresh deterministic address). */
  readonly address?: Address;
  /** Mint authority (default: the fixture's mint authority). */
  readonly mintAuthority?: Address;
  readonly freezeAuthority?: Address | null;
  readonly supply?: bigint;
}

/** Writes an initialized mint (no extensions) at `address`, rent-exempt. */
export function writeMint(
  engine: SolanaEngine,
  address: Address,
  parameters: CreateMintParameters & { readonly mintAuthority: Address },
): void {
  const tokenProgram = parameters.tokenProgram ?? TOKEN_PROGRAM;
  if (tokenProgram !== TOKEN_PROGRAM && tokenProgram !== TOKEN_2022_PROGRAM) {
    throw new PaymuxError(
      "CONFIG_INVALID",
      `createMint: ${tokenProgram} is neither SPL Token nor Token-2022`,
    );
  }
  if (!Number.isInteger(parameters.decimals) || parameters.decimals < 0 || parameters.decimals > 255) {
    throw new PaymuxError(
      "CONFIG_INVALID",
      `createMint: decimals must be an integer in 0..255, got ${parameters.decimals}`,
    );
  }
  const data = Uint8Array.from(
    getMintEncoder().encode({
      mintAuthority: parameters.mintAuthority,
      supply: parameters.supply ?? 0n,
      decimals: parameters.decimals,
      isInitialized: true,
      freezeAuthority: parameters.freezeAuthority ?? null,
    }),
  );
  const lamports = engine.svm.minimumBalanceForRentExemption(BigInt(data.length));
  engine.setAccount({ address, lamports, owner: tokenProgram, data });
}

/** The associated token account address of `owner` for `mint`. */
export async function associatedTokenAddress(
  owner: Address,
  mint: Address,
  tokenProgram: Address,
): Promise<Address> {
  const [ata] = await findAssociatedTokenPda({ owner, mint, tokenProgram });
  return ata;
}

/** The owner program (SPL Token or Token-2022) of an existing mint. */
export function mintProgram(engine: SolanaEngine, mint: Address): Address {
  const account = engine.getAccount(mint);
  if (account === null || (account.owner !== TOKEN_PROGRAM && account.owner !== TOKEN_2022_PROGRAM)) {
    throw new PaymuxError("CONFIG_INVALID", `${mint} is not a token mint on this chain`);
  }
  return account.owner;
}

/** Creates the ATA of `owner` for `mint` (idempotent) and returns its address. */
export async function createAta(
  engine: SolanaEngine,
  rpc: Rpc<SolanaRpcApi>,
  payer: TransactionSigner,
  owner: Address,
  mint: Address,
): Promise<Address> {
  const tokenProgram = mintProgram(engine, mint);
  const ata = await associatedTokenAddress(owner, mint, tokenProgram);
  await sendInstructions(
    rpc,
    [getCreateAssociatedTokenIdempotentInstruction({ payer, ata, owner, mint, tokenProgram })],
    payer,
  );
  return ata;
}

/** Mints `amount` atomic units to the ATA of `owner`, creating it first if needed. */
export async function mintToOwner(
  engine: SolanaEngine,
  rpc: Rpc<SolanaRpcApi>,
  payer: TransactionSigner,
  mintAuthority: TransactionSigner,
  parameters: { readonly mint: Address; readonly owner: Address; readonly amount: bigint },
): Promise<Signature> {
  const { mint, owner, amount } = parameters;
  const tokenProgram = mintProgram(engine, mint);
  const decimals = engine.getAccount(mint)?.data[44] ?? 0;
  const ata = await associatedTokenAddress(owner, mint, tokenProgram);
  return sendInstructions(
    rpc,
    [
      getCreateAssociatedTokenIdempotentInstruction({ payer, ata, owner, mint, tokenProgram }),
      getMintToCheckedInstruction(
        { mint, token: ata, mintAuthority, amount, decimals },
        { programAddress: tokenProgram as typeof TOKEN_PROGRAM },
      ),
    ],
    payer,
  );
}
