// Ready-to-use local Solana: engine, kit RPC, a USDC-like mint, a Token-2022 mint and funded wallets.
import {
  type Address,
  createKeyPairSignerFromPrivateKeyBytes,
  type Instruction,
  type KeyPairSigner,
  type Rpc,
  type Signature,
  type SolanaRpcApi,
  type TransactionSigner,
} from "@solana/kit";
import { readAddress } from "./bytes.js";
import { DEVNET_GENESIS_HASH, DEVNET_USDC_MINT, TOKEN_2022_PROGRAM, TOKEN_PROGRAM } from "./constants.js";
import { type CreateSolanaEngineParameters, createSolanaEngine, type SolanaEngine } from "./engine.js";
import { seedFromLabel } from "./faucet.js";
import {
  associatedTokenAddress,
  type CreateMintParameters,
  createAta,
  mintProgram,
  mintToOwner,
  writeMint,
} from "./fixtures-token.js";
import {
  type SolanaRpcServer,
  type StartSolanaRpcServerParameters,
  startSolanaRpcServer,
} from "./http-server.js";
import { type SendInstructionsParameters, sendInstructions } from "./send.js";
import { createLocalSolanaRpc } from "./transport.js";

/** Options of {@link createLocalSolana}. */
export interface CreateLocalSolanaParameters {
  /** `"devnet"`: devnet's genesis hash and USDC at devnet's mint address, so devnet configs run unchanged. */
  readonly impersonate?: "devnet";
  /** Funded wallets to create (default 3). */
  readonly wallets?: number;
  /** SOL given to each wallet, in lamports (default 100 SOL). */
  readonly walletLamports?: bigint;
  /** USDC and Token-2022 units given to each wallet, atomic (default 1,000 tokens). */
  readonly walletTokens?: bigint;
  /** Label the deterministic keys derive from (default "paymux"); change it for distinct wallets. */
  readonly seedLabel?: string;
  /** Passed to the engine. */
  readonly engine?: Omit<CreateSolanaEngineParameters, "genesisHash">;
}

/** A token mint known to the fixture. */
export interface LocalMint {
  readonly address: Address;
  readonly decimals: number;
  readonly tokenProgram: Address;
}

/** A funded wallet with its token accounts. */
export interface LocalWallet {
  readonly signer: KeyPairSigner;
  readonly address: Address;
  /** Its USDC associated token account. */
  readonly usdcAta: Address;
  /** Its associated token account of the Token-2022 mint. */
  readonly token2022Ata: Address;
}

/** A local Solana chain with fixtures. */
export interface LocalSolana {
  readonly engine: SolanaEngine;
  /** kit RPC over the in-process transport. */
  readonly rpc: Rpc<SolanaRpcApi>;
  readonly genesisHash: string;
  /** CAIP-2 id, e.g. `solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1` when impersonating devnet. */
  readonly caip2: `solana:${string}`;
  /** Pays the fixtures' own transactions (1,000 SOL). */
  readonly payer: KeyPairSigner;
  /** Mint authority of the fixture mints. */
  readonly mintAuthority: KeyPairSigner;
  /** USDC-like mint: 6 decimals, SPL Token (at devnet's USDC address when impersonating devnet). */
  readonly usdc: LocalMint;
  /** A Token-2022 mint with 6 decimals. */
  readonly token2022: LocalMint;
  readonly wallets: readonly LocalWallet[];
  /** Airdrops SOL with a faucet transfer; resolves to the signature. */
  airdrop(address: Address, lamports: bigint): Promise<Signature>;
  /** Writes a new mint into the chain; returns its address. */
  createMint(parameters: CreateMintParameters): Promise<Address>;
  /** Mints to the ATA of `owner` (created if missing; the mint authority must be the fixture's). */
  mintTo(parameters: {
    readonly mint: Address;
    readonly owner: Address;
    readonly amount: bigint;
  }): Promise<Signature>;
  /** Creates (idempotently) the ATA of `owner` for `mint`. */
  createAta(parameters: { readonly owner: Address; readonly mint: Address }): Promise<Address>;
  /** Token balance (atomic) of the ATA of `owner` for `mint`; 0n when the ATA does not exist. */
  getTokenBalance(parameters: { readonly owner: Address; readonly mint: Address }): Promise<bigint>;
  /** Sends instructions in a v0 transaction and waits for confirmation (fee payer default: `payer`). */
  send(
    instructions: readonly Instruction[],
    options?: SendInstructionsParameters & { feePayer?: TransactionSigner },
  ): Promise<Signature>;
  /** Creates one more funded wallet. */
  createWallet(label?: string): Promise<LocalWallet>;
}

async function signerFromLabel(label: string): Promise<KeyPairSigner> {
  return createKeyPairSignerFromPrivateKeyBytes(seedFromLabel(label));
}

/** Creates a LiteSVM-backed local Solana with a USDC-like mint, a Token-2022 mint and funded wallets. */
export async function createLocalSolana(parameters: CreateLocalSolanaParameters = {}): Promise<LocalSolana> {
  const devnet = parameters.impersonate === "devnet";
  const label = parameters.seedLabel ?? "paymux";
  const engine = createSolanaEngine({
    ...parameters.engine,
    ...(devnet ? { genesisHash: DEVNET_GENESIS_HASH } : {}),
  });
  const rpc = createLocalSolanaRpc(engine);
  const payer = await signerFromLabel(`${label} payer`);
  const mintAuthority = await signerFromLabel(`${label} mint authority`);
  engine.airdrop(payer.address, 1_000_000_000_000n);
  let mintCount = 0;

  const createMint = async (mint: CreateMintParameters): Promise<Address> => {
    const address = mint.address ?? readAddress(seedFromLabel(`${label} mint ${mintCount++}`));
    writeMint(engine, address, { ...mint, mintAuthority: mint.mintAuthority ?? mintAuthority.address });
    return address;
  };
  const usdc: LocalMint = {
    address: await createMint({ decimals: 6, ...(devnet ? { address: DEVNET_USDC_MINT } : {}) }),
    decimals: 6,
    tokenProgram: TOKEN_PROGRAM,
  };
  const token2022: LocalMint = {
    address: await createMint({ decimals: 6, tokenProgram: TOKEN_2022_PROGRAM }),
    decimals: 6,
    tokenProgram: TOKEN_2022_PROGRAM,
  };
  const mintTo = (p: { mint: Address; owner: Address; amount: bigint }) =>
    mintToOwner(engine, rpc, payer, mintAuthority, p);
  let walletCount = 0;
  const createWallet = async (walletLabel?: string): Promise<LocalWallet> => {
    const signer = await signerFromLabel(walletLabel ?? `${label} wallet ${walletCount++}`);
    engine.airdrop(signer.address, parameters.walletLamports ?? 100_000_000_000n);
    const tokens = parameters.walletTokens ?? 1_000_000_000n;
    await mintTo({ mint: usdc.address, owner: signer.address, amount: tokens });
    await mintTo({ mint: token2022.address, owner: signer.address, amount: tokens });
    return {
      signer,
      address: signer.address,
      usdcAta: await associatedTokenAddress(signer.address, usdc.address, usdc.tokenProgram),
      token2022Ata: await associatedTokenAddress(signer.address, token2022.address, token2022.tokenProgram),
    };
  };
  const wallets: LocalWallet[] = [];
  for (let i = 0; i < (parameters.wallets ?? 3); i++) wallets.push(await createWallet());

  return {
    engine,
    rpc,
    genesisHash: engine.genesisHash,
    caip2: engine.caip2,
    payer,
    mintAuthority,
    usdc,
    token2022,
    wallets,
    airdrop: async (address, lamports) => engine.airdrop(address, lamports) as Signature,
    createMint,
    mintTo,
    createAta: ({ owner, mint }) => createAta(engine, rpc, payer, owner, mint),
    async getTokenBalance({ owner, mint }) {
      const ata = await associatedTokenAddress(owner, mint, mintProgram(engine, mint));
      const account = engine.getAccount(ata);
      return account === null
        ? 0n
        : new DataView(account.data.buffer, account.data.byteOffset).getBigUint64(64, true);
    },
    send: (instructions, options = {}) =>
      sendInstructions(rpc, instructions, options.feePayer ?? payer, options),
    createWallet,
  };
}

/** A local Solana also served over HTTP. */
export interface StartedLocalSolana extends LocalSolana {
  /** The HTTP JSON-RPC URL (`http://127.0.0.1:<port>`). */
  readonly url: string;
  readonly server: SolanaRpcServer;
  /** Stops the HTTP server. */
  close(): Promise<void>;
}

/** {@link createLocalSolana} plus the HTTP JSON-RPC server on a loopback port. */
export async function startLocalSolana(
  parameters: CreateLocalSolanaParameters & StartSolanaRpcServerParameters = {},
): Promise<StartedLocalSolana> {
  const local = await createLocalSolana(parameters);
  const server = await startSolanaRpcServer(local.engine, {
    ...(parameters.port === undefined ? {} : { port: parameters.port }),
    ...(parameters.host === undefined ? {} : { host: parameters.host }),
    ...(parameters.maxBodyBytes === undefined ? {} : { maxBodyBytes: parameters.maxBodyBytes }),
  });
  return { ...local, url: server.url, server, close: () => server.close() };
}
