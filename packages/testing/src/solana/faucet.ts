// The airdrop faucet: a real system account that signs real transfers, so an airdrop has a signature,
// a status and a getTransaction result like on a test validator. Signing uses node:crypto's ed25519,
// which is synchronous and fast, keeping the engine synchronous.
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign } from "node:crypto";
import { PaymuxError } from "@paymux/core";
import type { Address } from "@solana/kit";
import { addressBytes, concatBytes, fromBase58, readAddress, writeU32, writeU64 } from "./bytes.js";
import { SYSTEM_PROGRAM } from "./constants.js";
import { encodeLegacyMessage } from "./wire.js";

/** A signer of airdrop transfers. */
export interface Faucet {
  readonly address: Address;
  /** A signed legacy transaction moving `lamports` from the faucet to `to`. */
  transfer(to: Address, lamports: bigint, blockhash: string): Uint8Array;
}

const PKCS8_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

/** An ed25519 key from a 32-byte seed, with its Solana address. */
function ed25519KeyFromSeed(seed: Uint8Array): { privateKey: KeyObject; address: Address } {
  if (seed.length !== 32)
    throw new PaymuxError("CONFIG_INVALID", `An ed25519 seed must be 32 bytes, got ${seed.length}`);
  const privateKey = createPrivateKey({
    key: Buffer.from(concatBytes([PKCS8_ED25519_PREFIX, seed])),
    format: "der",
    type: "pkcs8",
  });
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  return { privateKey, address: readAddress(Uint8Array.from(spki.subarray(spki.length - 32))) };
}

/** A deterministic 32-byte seed from a label (sha256 of it). */
export function seedFromLabel(label: string): Uint8Array {
  return Uint8Array.from(createHash("sha256").update(label).digest());
}

/** Creates the faucet whose key derives from `label`. */
export function createFaucet(label: string): Faucet {
  const { privateKey, address } = ed25519KeyFromSeed(seedFromLabel(label));
  const keys = [addressBytes(address), new Uint8Array(32), addressBytes(SYSTEM_PROGRAM)];
  return {
    address,
    transfer(to, lamports, blockhash) {
      keys[1] = addressBytes(to);
      const data = new Uint8Array(12);
      writeU32(data, 0, 2);
      writeU64(data, 4, lamports);
      const header = {
        numRequiredSignatures: 1,
        numReadonlySignedAccounts: 0,
        numReadonlyUnsignedAccounts: 1,
      };
      const instruction = { programIdIndex: 2, accounts: [0, 1], data };
      const message = encodeLegacyMessage(header, keys, fromBase58(blockhash), [instruction]);
      const signature = sign(null, message, privateKey);
      return concatBytes([[1], signature, message]);
    },
  };
}
