// How the engine talks to LiteSVM. The public `LiteSVM` class converts every address through kit's base58
// codec and re-encodes every transaction, which made reads cost ~30 µs each and dominated the engine's time;
// its napi object (`inner`, private in TypeScript but a plain property) takes bytes directly and copies an
// account's data only when asked. That object is used when it has the expected shape, the public API
// otherwise, so a LiteSVM upgrade degrades speed, not behaviour.
import type { Address, Transaction } from "@solana/kit";
import { FailedTransactionMetadata, type LiteSVM, type TransactionMetadata } from "litesvm";
import type { AccountSnapshot } from "./accounts.js";
import { addressBytes, readAddress } from "./bytes.js";
import { isEmptySignature, type WireTransaction } from "./wire.js";

interface RawAccount {
  lamports(): bigint;
  data(): Uint8Array;
  owner(): Uint8Array;
  executable(): boolean;
}

type RawResult = TransactionMetadata | FailedTransactionMetadata;
type RawSimulation = {
  meta(): TransactionMetadata;
  postAccounts(): { address: Uint8Array; account(): RawAccount }[];
};

interface RawLiteSvm {
  getAccount(pubkey: Uint8Array): RawAccount | null;
  sendLegacyTransaction(bytes: Uint8Array): RawResult;
  sendVersionedTransaction(bytes: Uint8Array): RawResult;
  simulateLegacyTransaction(bytes: Uint8Array): RawSimulation | FailedTransactionMetadata;
  simulateVersionedTransaction(bytes: Uint8Array): RawSimulation | FailedTransactionMetadata;
}

/** A successful simulation: metadata and the post-state of the writable accounts. */
export interface SimulationSuccess {
  readonly meta: TransactionMetadata;
  readonly postAccounts: readonly AccountSnapshot[];
}

/** The LiteSVM operations the engine needs. "SignatureFailure" when the wrapper refused unsigned input. */
export interface SvmAccess {
  getAccount(address: Address): AccountSnapshot | null;
  send(tx: WireTransaction): RawResult | "SignatureFailure";
  simulate(tx: WireTransaction): SimulationSuccess | FailedTransactionMetadata | "SignatureFailure";
}

const owners = new Map<string, Address>();

function ownerAddress(bytes: Uint8Array): Address {
  const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  let owner = owners.get(key);
  if (owner === undefined) {
    if (owners.size > 10_000) owners.clear();
    owner = readAddress(bytes);
    owners.set(key, owner);
  }
  return owner;
}

// Data is copied out of LiteSVM on first use only: program accounts hold whole ELF images.
function snapshot(address: Address, raw: RawAccount): AccountSnapshot {
  let data: Uint8Array | undefined;
  return {
    address,
    lamports: raw.lamports(),
    owner: ownerAddress(raw.owner()),
    executable: raw.executable(),
    get data() {
      data ??= raw.data();
      return data;
    },
  };
}

function rawOf(svm: LiteSVM): RawLiteSvm | undefined {
  const inner = (svm as unknown as { inner?: Partial<RawLiteSvm> }).inner;
  const methods = ["getAccount", "sendVersionedTransaction", "simulateVersionedTransaction"] as const;
  return inner !== undefined && methods.every((m) => typeof inner[m] === "function")
    ? (inner as RawLiteSvm)
    : undefined;
}

/** The kit Transaction LiteSVM's public API takes; empty signature slots become null as kit expects. */
function toKitTransaction(tx: WireTransaction): Transaction {
  const signatures: Record<string, Uint8Array | null> = {};
  tx.message.staticAccountKeys.slice(0, tx.message.header.numRequiredSignatures).forEach((signer, i) => {
    const signature = tx.signatures[i];
    signatures[signer] = signature === undefined || isEmptySignature(signature) ? null : signature;
  });
  return { messageBytes: tx.message.bytes, signatures } as unknown as Transaction;
}

function fastAccess(raw: RawLiteSvm): SvmAccess {
  return {
    getAccount(address) {
      const account = raw.getAccount(addressBytes(address));
      return account === null ? null : snapshot(address, account);
    },
    send: (tx) =>
      tx.message.version === "legacy"
        ? raw.sendLegacyTransaction(tx.bytes)
        : raw.sendVersionedTransaction(tx.bytes),
    simulate(tx) {
      const result =
        tx.message.version === "legacy"
          ? raw.simulateLegacyTransaction(tx.bytes)
          : raw.simulateVersionedTransaction(tx.bytes);
      if (result instanceof FailedTransactionMetadata) return result;
      const postAccounts = result
        .postAccounts()
        .map((entry) => snapshot(readAddress(entry.address), entry.account()));
      return { meta: result.meta(), postAccounts };
    },
  };
}

// The public wrapper throws (kit's assertIsFullySignedTransaction) on an empty signature slot.
function guarded<T>(call: () => T): T | "SignatureFailure" {
  try {
    return call();
  } catch {
    return "SignatureFailure";
  }
}

function publicAccess(svm: LiteSVM): SvmAccess {
  return {
    getAccount(address) {
      const account = svm.getAccount(address);
      if (!account.exists) return null;
      const { lamports, programAddress, executable, data } = account;
      return { address, lamports, owner: programAddress, executable, data: data as Uint8Array };
    },
    send: (tx) => guarded(() => svm.sendTransaction(toKitTransaction(tx))),
    simulate: (tx) =>
      guarded(() => {
        const result = svm.simulateTransaction(toKitTransaction(tx));
        if (result instanceof FailedTransactionMetadata) return result;
        const postAccounts = result.postAccounts().map((a) => ({
          address: a.address,
          lamports: a.lamports as bigint,
          owner: a.programAddress,
          executable: a.executable,
          data: a.data as Uint8Array,
        }));
        return { meta: result.meta(), postAccounts };
      }),
  };
}

const accessBySvm = new WeakMap<LiteSVM, SvmAccess>();

/** The engine's way into a LiteSVM instance (fast path when available). */
export function svmAccess(svm: LiteSVM): SvmAccess {
  let access = accessBySvm.get(svm);
  if (access === undefined) {
    const raw = rawOf(svm);
    access = raw === undefined ? publicAccess(svm) : fastAccess(raw);
    accessBySvm.set(svm, access);
  }
  return access;
}

/** Makes the engine use LiteSVM's public API for `svm` (tests of the fallback path). */
export function usePublicLiteSvmApi(svm: LiteSVM): void {
  accessBySvm.set(svm, publicAccess(svm));
}
