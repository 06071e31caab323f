import { createPublicClient, createWalletClient, http, parseEther } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { afterAll, describe, expect, it } from "vitest";
import { type AnvilInstance, resolveAnvilBinary, startAnvil } from "./anvil.js";
import { killTrackedChildren } from "./process.js";
import { isProcessAlive } from "./test-utils.js";

// Every instance a test starts is registered here so a failing assertion never leaks a process.
const started: AnvilInstance[] = [];
async function start(...args: Parameters<typeof startAnvil>): Promise<AnvilInstance> {
  const anvil = await startAnvil(...args);
  started.push(anvil);
  return anvil;
}
afterAll(async () => {
  await Promise.all(started.map((anvil) => anvil.stop()));
});

describe("startAnvil", () => {
  it("resolves the binary shipped by @foundry-rs/anvil", () => {
    expect(resolveAnvilBinary()).toMatch(
      /@foundry-rs[\\/]anvil-[a-z0-9]+-[a-z0-9]+[\\/]bin[\\/]anvil(\.exe)?$/,
    );
  });

  it("starts on a loopback port, answers, and stop() leaves no process", async () => {
    const t0 = performance.now();
    const anvil = await start();
    const total = performance.now() - t0;
    console.log(
      `anvil: spawn→ready ${anvil.startupMs.toFixed(1)} ms (startAnvil() total ${total.toFixed(1)} ms)`,
    );

    expect(anvil.rpcUrl).toBe(`http://127.0.0.1:${anvil.port}`);
    expect(anvil.chainId).toBe(31337);
    expect(isProcessAlive(anvil.pid)).toBe(true);
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    expect(await client.getChainId()).toBe(31337);

    const first = anvil.stop();
    const second = anvil.stop();
    expect(second).toBe(first); // idempotent: one shutdown, shared by every caller
    await first;
    expect(isProcessAlive(anvil.pid)).toBe(false);
    await expect(anvil.stop()).resolves.toBeUndefined();
  });

  it("exposes the dev keys of exactly the accounts anvil funds, with the requested options", async () => {
    const anvil = await start({ chainId: 84532, accounts: 3, balance: 5 });
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    expect(await client.getChainId()).toBe(84532);
    const funded = await createWalletClient({ transport: http(anvil.rpcUrl) }).getAddresses();
    expect(funded.map((a) => a.toLowerCase())).toEqual(
      anvil.privateKeys.map((key) => privateKeyToAddress(key).toLowerCase()),
    );
    expect(anvil.privateKeys[0]).toBe("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    const [firstAccount] = funded;
    expect(await client.getBalance({ address: firstAccount! })).toBe(parseEther("5"));
    await anvil.stop();
  });

  it("runs several instances side by side on distinct ports", async () => {
    const [a, b] = await Promise.all([start(), start()]);
    expect(a!.port).not.toBe(b!.port);
    await Promise.all([a!.stop(), b!.stop()]);
    expect(isProcessAlive(a!.pid) || isProcessAlive(b!.pid)).toBe(false);
  });

  it("fails fast with anvil's own error output when it cannot start", async () => {
    const t0 = performance.now();
    await expect(start({ args: ["--no-such-flag"] })).rejects.toThrow(
      /exited before it was ready[\s\S]*no-such-flag/,
    );
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it("reports a missing binary clearly", async () => {
    await expect(start({ binaryPath: "/nonexistent/anvil" })).rejects.toThrow(/spawn failed.*ENOENT/);
  });

  it("kills running instances from the process-exit hook", async () => {
    const anvil = await start();
    expect(process.listeners("exit")).toContain(killTrackedChildren);
    killTrackedChildren(); // what 'exit' runs; SIGKILL is asynchronous, so wait for the process to disappear
    const deadline = Date.now() + 5_000;
    while (isProcessAlive(anvil.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(isProcessAlive(anvil.pid)).toBe(false);
    await expect(anvil.stop()).resolves.toBeUndefined();
  });
});
