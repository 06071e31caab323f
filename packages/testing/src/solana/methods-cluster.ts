// RPC methods about the cluster itself: slots, blockhashes, version, rent.
import { REPORTED_CORE_VERSION } from "./constants.js";
import type { EngineInternals, MethodTable } from "./internals.js";
import { checkContext, configAt, required, requireString, toU64 } from "./params.js";

// getVersion's feature-set is a u32 digest of the active features on a real node; any stable value works.
const REPORTED_FEATURE_SET = 3_294_202_862;

/** The cluster-level RPC methods. */
export function clusterMethods(engine: EngineInternals): MethodTable {
  const { svm, chain } = engine;
  const slotWithContext = (params: readonly unknown[]) => {
    checkContext(configAt(params, 0), chain.slot());
    return chain.slot();
  };
  return {
    getSlot: slotWithContext,
    getBlockHeight: slotWithContext,
    getGenesisHash: () => engine.genesisHash,
    getHealth: () => "ok",
    getVersion: () => ({ "feature-set": REPORTED_FEATURE_SET, "solana-core": REPORTED_CORE_VERSION }),
    getTransactionCount(params) {
      checkContext(configAt(params, 0), chain.slot());
      return engine.store.count();
    },
    getEpochInfo(params) {
      checkContext(configAt(params, 0), chain.slot());
      const { epoch, slotIndex, slotsInEpoch } = chain.epochInfo();
      return {
        absoluteSlot: chain.slot(),
        blockHeight: chain.slot(),
        epoch,
        slotIndex,
        slotsInEpoch,
        transactionCount: engine.store.count(),
      };
    },
    getEpochSchedule() {
      const schedule = svm.getEpochSchedule();
      return {
        firstNormalEpoch: schedule.firstNormalEpoch,
        firstNormalSlot: schedule.firstNormalSlot,
        leaderScheduleSlotOffset: schedule.leaderScheduleSlotOffset,
        slotsPerEpoch: schedule.slotsPerEpoch,
        warmup: schedule.warmup,
      };
    },
    getLatestBlockhash(params) {
      checkContext(configAt(params, 0), chain.slot());
      return engine.withContext(chain.latestBlockhash());
    },
    isBlockhashValid(params) {
      const blockhash = requireString(params, 0, "blockhash");
      checkContext(configAt(params, 1), chain.slot());
      return engine.withContext(chain.isBlockhashValid(blockhash));
    },
    getMinimumBalanceForRentExemption(params) {
      const size = toU64(required(params, 0, "dataLength"), "dataLength");
      checkContext(configAt(params, 1), chain.slot());
      return svm.minimumBalanceForRentExemption(size);
    },
    getRecentPrioritizationFees() {
      // Nothing competes for block space here, so the recent prioritization fee is always zero.
      return [{ prioritizationFee: 0n, slot: chain.slot() }];
    },
  };
}
