import { type Address, isAddressEqual, parseEventLogs, type TransactionReceipt } from "viem";
import { eip3009Abi } from "../abi.js";

/** True when the receipt holds `Transfer(from, to, value)` emitted by `asset`. */
export function hasTransfer(
  receipt: TransactionReceipt,
  asset: Address,
  from: Address | undefined,
  to: Address,
  value: bigint,
): boolean {
  return findTransfers(receipt, asset).some(
    (log) =>
      (from === undefined || isAddressEqual(log.args.from, from)) &&
      isAddressEqual(log.args.to, to) &&
      log.args.value === value,
  );
}

/** The `Transfer` events of `asset` in a receipt (logs of other contracts are ignored). */
export function findTransfers(receipt: TransactionReceipt, asset: Address) {
  return parseEventLogs({ abi: eip3009Abi, eventName: "Transfer", logs: receipt.logs }).filter((log) =>
    isAddressEqual(log.address, asset),
  );
}
