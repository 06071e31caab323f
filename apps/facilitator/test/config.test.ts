// Configuration errors name every variable that is wrong, and never echo a secret.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.js";
import { startFacilitatorService } from "../src/server.js";

const EVM_KEY = `0x${"ab".repeat(32)}`;
const SOLANA_KEY = JSON.stringify(Array.from({ length: 64 }, (_, index) => index));
const GOOD = {
  PAYMUX_EVM_RPC_URLS: "eip155:84532=https://sepolia.base.org,eip155:31337=http://127.0.0.1:8545",
  PAYMUX_EVM_SETTLER_KEY: EVM_KEY,
};

function problems(env: Record<string, string | undefined>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toMatchObject({ code: "CONFIG_INVALID" });
    return (error as Error).message;
  }
  throw new Error("expected a configuration error");
}

describe("configuration", () => {
  it("reads a valid environment with defaults", () => {
    const config = parseConfig(GOOD);
    expect(config).toMatchObject({
      port: 4020,
      host: "127.0.0.1",
      evmRpcUrls: { "eip155:84532": "https://sepolia.base.org", "eip155:31337": "http://127.0.0.1:8545" },
      evmSettlerKey: EVM_KEY,
      solanaRpcUrls: {},
    });
    expect(config.token).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
  });

  it("lists every wrong variable at once", () => {
    const message = problems({
      PAYMUX_FACILITATOR_PORT: "80a",
      PAYMUX_EVM_RPC_URLS: "base=https://x,eip155:1=ftp://y",
      PAYMUX_EVM_SETTLER_KEY: "0x1234-zz9",
      PAYMUX_SOLANA_RPC_URLS: "solana:abc=http://127.0.0.1:8899",
      PAYMUX_SOLANA_FEE_PAYER_KEY: "[1,2,3]",
      PAYMUX_FACILITATOR_TOKEN: "short",
      PAYMUX_REDIS_URL: "http://redis",
    });
    for (const name of [
      "PAYMUX_FACILITATOR_PORT",
      "PAYMUX_EVM_RPC_URLS",
      "PAYMUX_EVM_SETTLER_KEY",
      "PAYMUX_SOLANA_FEE_PAYER_KEY",
      "PAYMUX_FACILITATOR_TOKEN",
      "PAYMUX_REDIS_URL",
    ]) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain("1234-zz9");
    expect(message).not.toMatch(/is set but/);
    expect(message).not.toContain("ftp://y");
  });

  it("requires a network, and a key for each chain configured", () => {
    expect(problems({})).toMatch(/PAYMUX_EVM_RPC_URLS or PAYMUX_SOLANA_RPC_URLS/);
    expect(problems({ PAYMUX_EVM_RPC_URLS: GOOD.PAYMUX_EVM_RPC_URLS })).toMatch(/PAYMUX_EVM_SETTLER_KEY/);
    expect(problems({ PAYMUX_SOLANA_RPC_URLS: "solana:abc=http://localhost:8899" })).toMatch(
      /PAYMUX_SOLANA_FEE_PAYER_KEY/,
    );
    expect(problems({ ...GOOD, PAYMUX_SOLANA_FEE_PAYER_KEY: SOLANA_KEY })).toMatch(
      /PAYMUX_SOLANA_FEE_PAYER_KEY is set but PAYMUX_SOLANA_RPC_URLS is not/,
    );
  });

  it("reads keys from _FILE variables, and refuses both forms at once", () => {
    const dir = mkdtempSync(join(tmpdir(), "paymux-facilitator-"));
    const file = join(dir, "settler.key");
    writeFileSync(file, `${EVM_KEY}\n`);
    const env = { PAYMUX_EVM_RPC_URLS: GOOD.PAYMUX_EVM_RPC_URLS, PAYMUX_EVM_SETTLER_KEY_FILE: file };
    expect(parseConfig(env).evmSettlerKey).toBe(EVM_KEY);
    expect(problems({ ...env, PAYMUX_EVM_SETTLER_KEY: EVM_KEY })).toMatch(
      /only one of PAYMUX_EVM_SETTLER_KEY/,
    );
    expect(problems({ ...env, PAYMUX_EVM_SETTLER_KEY_FILE: join(dir, "missing") })).toMatch(
      /PAYMUX_EVM_SETTLER_KEY_FILE names a file that cannot be read/,
    );
  });

  it("makes startFacilitatorService reject, naming the variable", async () => {
    await expect(startFacilitatorService({ ...GOOD, PAYMUX_FACILITATOR_PORT: "99999" })).rejects.toThrow(
      /PAYMUX_FACILITATOR_PORT/,
    );
    // 64 bytes whose public half does not match the seed.
    const mismatched = { PAYMUX_SOLANA_RPC_URLS: "solana:abc=http://localhost:8899" };
    await expect(
      startFacilitatorService({ ...mismatched, PAYMUX_SOLANA_FEE_PAYER_KEY: SOLANA_KEY }),
    ).rejects.toThrow(/PAYMUX_SOLANA_FEE_PAYER_KEY/);
  });
});
