// Shared by the Solana tests (not exported from the package).
import {
  type Address,
  appendTransactionMessageInstructions,
  type Base64EncodedWireTransaction,
  type Blockhash,
  createSolanaRpc,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  type Instruction,
  lamports,
  pipe,
  type Rpc,
  type SolanaRpcApi,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type TransactionSigner,
} from "@solana/kit";
import { getTransferSolInstruction } from "@solana-program/system";
import type { SolanaEngine } from "./engine.js";
import {
  type CreateLocalSolanaParameters,
  createLocalSolana,
  type LocalSolana,
  startLocalSolana,
} from "./fixtures.js";
import { parseJson, stringifyJson } from "./json.js";
import { handleJsonRpcMessage } from "./json-rpc.js";

/** A lifetime for kit messages. */
export type Lifetime = { blockhash: Blockhash; lastValidBlockHeight: bigint };

/** Signs a v0 transaction of `instructions` and returns its base64 wire form. */
export async function signedWire(
  feePayer: TransactionSigner,
  instructions: readonly Instruction[],
  lifetime: Lifetime,
): Promise<Base64EncodedWireTransaction> {
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(feePayer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(lifetime, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
  return getBase64EncodedWireTransaction(await signTransactionMessageWithSigners(message));
}

/** A signed SOL transfer in base64 wire form. */
export function solTransfer(
  source: TransactionSigner,
  destination: Address,
  amount: bigint,
  lifetime: Lifetime,
) {
  return signedWire(
    source,
    [getTransferSolInstruction({ source, destination, amount: lamports(amount) })],
    lifetime,
  );
}

/** The latest blockhash as a kit lifetime. */
export async function latestLifetime(rpc: Rpc<SolanaRpcApi>): Promise<Lifetime> {
  return (await rpc.getLatestBlockhash().send()).value;
}

/** Sends a raw JSON-RPC payload and returns the parsed envelope. */
export type RawCall = (payload: unknown) => Promise<unknown>;

/** Raw calls straight into the engine's JSON-RPC handler, JSON round-tripped. */
export function inProcessRawCall(engine: SolanaEngine): RawCall {
  return async (payload) => parseJson(stringifyJson(handleJsonRpcMessage(engine, payload) ?? null));
}

/** Raw calls over HTTP. */
export function httpRawCall(url: string): RawCall {
  return async (payload) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stringifyJson(payload),
    });
    return parseJson(await response.text());
  };
}

/** A single JSON-RPC request envelope. */
export function request(method: string, params: unknown[] = [], id: number | string = 1) {
  return { jsonrpc: "2.0", id, method, params };
}

/** The two ways tests reach the engine. */
export const TRANSPORTS = ["in-process", "http"] as const;

/** A fixture chain reached through one transport. */
export interface ChainUnderTest {
  readonly local: LocalSolana;
  readonly rpc: Rpc<SolanaRpcApi>;
  readonly raw: RawCall;
  close(): Promise<void>;
}

/** Creates a fixture chain and the RPC of the given transport (kit's createSolanaRpc(url) for HTTP). */
export async function openChain(
  transport: (typeof TRANSPORTS)[number],
  parameters: CreateLocalSolanaParameters = {},
): Promise<ChainUnderTest> {
  if (transport === "in-process") {
    const local = await createLocalSolana(parameters);
    return { local, rpc: local.rpc, raw: inProcessRawCall(local.engine), close: async () => {} };
  }
  const local = await startLocalSolana(parameters);
  return { local, rpc: createSolanaRpc(local.url), raw: httpRawCall(local.url), close: () => local.close() };
}
