// `paymux dev` on the real local chains: facilitator up, env lines printed, everything stopped on abort.
import { describe, expect, it } from "vitest";
import { runDev } from "../src/dev.js";
import { main } from "../src/main.js";

/** True when nothing listens at the URL any more. */
async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { method: "POST", body: "{}", signal: AbortSignal.timeout(2_000) });
    return false;
  } catch {
    return true;
  }
}

describe("paymux dev", () => {
  it("serves a facilitator, prints the chains, a test payer and env lines, and stops on abort", async () => {
    const out: string[] = [];
    const stop = new AbortController();
    let urls: string[] = [];
    let supported: unknown;
    let assets: unknown;
    const code = await runDev(["--port", "0"], {
      stdout: { write: (chunk) => out.push(chunk) },
      signal: stop.signal,
      color: false,
      onReady: async ({ facilitatorUrl, local }) => {
        assets = JSON.parse(JSON.stringify(local.assets));
        urls = [facilitatorUrl, local.evm?.rpcUrl as string, local.solana?.rpcUrl as string];
        supported = await (await fetch(`${facilitatorUrl}/supported`)).json();
        stop.abort();
      },
    });
    const text = out.join("");
    expect(code).toBe(0);
    expect(supported).toMatchObject({
      kinds: expect.arrayContaining([expect.objectContaining({ scheme: "exact" })]),
    });
    expect(text).toContain("eip155:31337 (chain id 31337)");
    expect(text).toContain("local test key, worthless");
    expect(text).toMatch(/export PAYMUX_EVM_RPC_URL=http:\/\/127\.0\.0\.1:\d+ PAYMUX_SOLANA_RPC_URL=http/);
    expect(text).toMatch(
      /export PAYMUX_EVM_KEY=0x[0-9a-f]{64} PAYMUX_SOLANA_KEY=[1-9A-HJ-NP-Za-km-z]{80,90}\n/,
    );
    expect(text).toContain(`export PAYMUX_FACILITATOR_URL=${urls[0]}`);
    const assetsLine = /export PAYMUX_ASSETS='([^']*)'\n/.exec(text);
    expect(JSON.parse(assetsLine?.[1] ?? "null")).toEqual(assets);
    for (const url of urls) expect(await refused(url)).toBe(true);
  }, 60_000);

  it("rejects a bad port with exit 2", async () => {
    expect(await runDev(["--port", "nope"], { stderr: { write: () => true } })).toBe(2);
  });
});

describe("main", () => {
  it("unknown command → exit 2; help and --version → 0", async () => {
    const write = process.stderr.write;
    const writeOut = process.stdout.write;
    process.stderr.write = (() => true) as typeof write;
    process.stdout.write = (() => true) as typeof writeOut;
    try {
      expect(await main(["frobnicate"])).toBe(2);
      expect(await main([])).toBe(2);
      expect(await main(["help"])).toBe(0);
      expect(await main(["--version"])).toBe(0);
    } finally {
      process.stderr.write = write;
      process.stdout.write = writeOut;
    }
  });
});
