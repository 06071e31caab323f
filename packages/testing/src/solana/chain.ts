import { PaymuxError } from "@paymux/core";
// Slots, block heights, blockhashes and time. LiteSVM knows one "latest blockhash" and checks equality; a
// cluster accepts any blockhash of the last 150 blocks. So LiteSVM's own check is switched off and this
// module keeps the window: every slot gets a fresh blockhash, old ones expire after 150 blocks.
import { Clock, type LiteSVM } from "litesvm";
import { BLOCKHASH_VALIDITY_BLOCKS, STATUS_CACHE_SLOTS } from "./constants.js";

/** Slot, blockhash window and clock of a LiteSVM-backed chain. */
export interface ChainState {
  /** The current (latest processed) slot; block height equals it, as no slot is ever skipped. */
  slot(): bigint;
  /** The latest blockhash and the last block height at which a transaction using it can land. */
  latestBlockhash(): { readonly blockhash: string; readonly lastValidBlockHeight: bigint };
  /** Whether a transaction using `blockhash` sent now would still land. */
  isBlockhashValid(blockhash: string): boolean;
  /** The slot the next transaction lands in, opening a new slot (clock advanced, new blockhash) when the current one is full. */
  slotForTransaction(): bigint;
  /** Advances `count` slots at once, as if time passed with no transactions. */
  advanceSlots(count: bigint): void;
  /** Invalidates every blockhash handed out so far. */
  expireBlockhashes(): void;
  /** The unix time (seconds) of the current slot. */
  blockTime(): bigint;
  /** Epoch numbers of the current slot from LiteSVM's epoch schedule. */
  epochInfo(): { readonly epoch: bigint; readonly slotIndex: bigint; readonly slotsInEpoch: bigint };
}

/** Takes over slot and blockhash handling of a LiteSVM instance; `transactionsPerSlot` transactions share a slot. */
export function createChainState(svm: LiteSVM, transactionsPerSlot = 1): ChainState {
  if (!Number.isInteger(transactionsPerSlot) || transactionsPerSlot < 1) {
    throw new PaymuxError(
      "CONFIG_INVALID",
      `transactionsPerSlot must be a positive integer, got ${transactionsPerSlot}`,
    );
  }
  svm.withBlockhashCheck(false);
  const schedule = svm.getEpochSchedule();
  const heights = new Map<string, bigint>();
  let slot = svm.getClock().slot;
  let time = 0n;
  // The starting slot counts as full, so the first transaction opens a slot of its own.
  let inSlot = transactionsPerSlot;

  const epochOf = (s: bigint) => {
    // Warmup epochs double from 32 slots until firstNormalSlot; after it every epoch has slotsPerEpoch.
    if (schedule.warmup && s < schedule.firstNormalSlot) {
      const epoch = BigInt((s / 32n + 1n).toString(2).length - 1);
      const slotsInEpoch = 32n << epoch;
      return { epoch, slotIndex: s - 32n * ((1n << epoch) - 1n), slotsInEpoch };
    }
    const offset = schedule.warmup ? schedule.firstNormalSlot : 0n;
    const first = schedule.warmup ? schedule.firstNormalEpoch : 0n;
    const slotsInEpoch = schedule.slotsPerEpoch;
    return {
      epoch: first + (s - offset) / slotsInEpoch,
      slotIndex: (s - offset) % slotsInEpoch,
      slotsInEpoch,
    };
  };

  const setClock = () => {
    const now = BigInt(Math.floor(Date.now() / 1000));
    time = now > time ? now : time;
    const { epoch } = epochOf(slot);
    svm.setClock(new Clock(slot, time, epoch, epoch + 1n, time));
  };

  const register = () => {
    heights.set(svm.latestBlockhash(), slot);
    for (const [hash, height] of heights) {
      if (height + STATUS_CACHE_SLOTS >= slot) break;
      heights.delete(hash);
    }
  };

  const nextSlot = () => {
    slot += 1n;
    inSlot = 0;
    setClock();
    svm.expireBlockhash();
    register();
    return slot;
  };

  setClock();
  register();

  return {
    slot: () => slot,
    latestBlockhash() {
      const blockhash = svm.latestBlockhash();
      return {
        blockhash,
        lastValidBlockHeight: (heights.get(blockhash) ?? slot) + BLOCKHASH_VALIDITY_BLOCKS,
      };
    },
    isBlockhashValid(blockhash) {
      const height = heights.get(blockhash);
      const landing = inSlot >= transactionsPerSlot ? slot + 1n : slot;
      return height !== undefined && landing <= height + BLOCKHASH_VALIDITY_BLOCKS;
    },
    slotForTransaction() {
      if (inSlot >= transactionsPerSlot) nextSlot();
      inSlot += 1;
      return slot;
    },
    advanceSlots(count) {
      if (count <= 0n) return;
      // Only the last few hundred slots can still matter for blockhash validity; jump over the rest.
      const keep = STATUS_CACHE_SLOTS + 1n;
      if (count > keep) slot += count - keep;
      for (let i = 0n; i < (count > keep ? keep : count); i++) nextSlot();
      // Those slots are over: the next transaction opens one of its own.
      inSlot = transactionsPerSlot;
    },
    expireBlockhashes() {
      heights.clear();
      inSlot = transactionsPerSlot;
      svm.expireBlockhash();
      register();
    },
    blockTime: () => time,
    epochInfo: () => epochOf(slot),
  };
}
