// The examples' configuration from the environment, against the real local chains: what `paymux dev` prints is
// enough to run the API on them, and mistakes are refused with CONFIG_INVALID before anything starts.
import { startLocalPayments } from "@paymux/local";
import { describe, expect, it } from "vitest";
import { serverOptionsFromEnv } from "../../example-config/src/index.js";

describe("serverOptionsFromEnv", () => {
  it("runs zero-config with no environment", async () => {
    const setup = await serverOptionsFromEnv({});
    expect(setup.mode).toBe("zero-config");
    expect(setup.options.payees).toBeUndefined();
  });

  it("builds payees over the RPCs and keys of the local chains", async () => {
    const local = await startLocalPayments({ solana: false });
    try {
      const setup = await serverOptionsFromEnv({
        PAYMUX_EVM_RPC_URL: local.evm?.rpcUrl,
        PAYMUX_EVM_SETTLER_KEY: local.evm?.settler.privateKey,
        PAYMUX_PAY_TO_EVM: local.evm?.recipient,
        PAYMUX_ASSETS: JSON.stringify(local.assets),
      });
      expect(setup.mode).toBe("rpc");
      expect(setup.options.payees?.map((payee) => payee.scheme).sort()).toEqual(["exact", "push"]);
      expect(setup.options.payTo).toEqual({ [local.evm?.caip2 as string]: local.evm?.recipient });
    } finally {
      await local.stop();
    }
  });

  it("refuses an unreadable configuration with CONFIG_INVALID", async () => {
    await expect(
      serverOptionsFromEnv({ PAYMUX_EVM_RPC_URL: "http://127.0.0.1:1", PAYMUX_EVM_SETTLER_KEY: "not-a-key" }),
    ).rejects.toMatchObject({ code: "CONFIG_INVALID" });
  });
});
