import { bytesToHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { ANVIL_DEV_PRIVATE_KEYS, ANVIL_MNEMONIC, anvilDevPrivateKeys } from "./dev-accounts.js";

const derive = (index: number) =>
  bytesToHex(mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index }).getHdKey().privateKey!);

describe("anvil dev accounts", () => {
  it("hard-coded keys are the mnemonic's first 10 derivations", () => {
    expect(ANVIL_DEV_PRIVATE_KEYS.map((_, index) => derive(index))).toEqual([...ANVIL_DEV_PRIVATE_KEYS]);
  });

  it("derives keys past the hard-coded 10", () => {
    const keys = anvilDevPrivateKeys(12);
    expect(keys).toHaveLength(12);
    expect(keys[11]).toBe(derive(11));
    expect(anvilDevPrivateKeys(2)).toEqual(ANVIL_DEV_PRIVATE_KEYS.slice(0, 2));
  });
});
