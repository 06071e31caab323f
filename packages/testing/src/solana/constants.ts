import { type Address, address } from "@solana/kit";

/** The System program. */
export const SYSTEM_PROGRAM: Address = address("11111111111111111111111111111111");
/** The SPL Token program. */
export const TOKEN_PROGRAM: Address = address("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
/** The SPL Token-2022 program. */
export const TOKEN_2022_PROGRAM: Address = address("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
/** The Associated Token Account program. */
export const ASSOCIATED_TOKEN_PROGRAM: Address = address("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
/** The SPL Memo program (v2). */
export const MEMO_PROGRAM: Address = address("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr");
/** The Address Lookup Table program. */
export const ADDRESS_LOOKUP_TABLE_PROGRAM: Address = address("AddressLookupTab1e1111111111111111111111111");

import { PAYMUX_LOCALNET_GENESIS_HASH as CORE_LOCALNET_GENESIS_HASH } from "@paymux/core";

/** Devnet's genesis hash; its first 32 characters are the CAIP-2 reference of `solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1`. */
export const DEVNET_GENESIS_HASH = "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG";
/** Circle's USDC mint on devnet (6 decimals, SPL Token). */
export const DEVNET_USDC_MINT: Address = address("4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU");
/**
 * paymux's fixed localnet genesis hash, defined once in core (so `SOLANA_LOCALNET` and the IETF `localnet`
 * cluster name resolve to this chain) and stable across runs and machines.
 */
export const PAYMUX_LOCALNET_GENESIS_HASH: string = CORE_LOCALNET_GENESIS_HASH;

/** Lamports charged per signature: LiteSVM's fee structure (it charges no prioritization fee). */
export const LAMPORTS_PER_SIGNATURE = 5000n;
/** Blocks a blockhash stays usable for, as on a real cluster (MAX_PROCESSING_AGE). */
export const BLOCKHASH_VALIDITY_BLOCKS = 150n;
/** Slots a signature stays in the status cache when `searchTransactionHistory` is false. */
export const STATUS_CACHE_SLOTS = 300n;
/** The `solana-core` version reported by getVersion, and the RPC `apiVersion`. */
export const REPORTED_CORE_VERSION = "3.0.0";
/** The rentEpoch every rent-exempt account reports since rent collection ended. */
export const RENT_EPOCH_EXEMPT = 18_446_744_073_709_551_615n;

/** Returns the CAIP-2 id (`solana:<first 32 chars of the genesis hash>`) of a genesis hash. */
export function caip2FromGenesisHash(genesisHash: string): `solana:${string}` {
  return `solana:${genesisHash.slice(0, 32)}`;
}
