// `paymux demo` end to end on the real local chains: 18 payments settle, the summary prints, nothing is left running.
import { describe, expect, it } from "vitest";
import { runDemo } from "../src/demo.js";

/** True when nothing listens at the URL any more (the chain behind it was stopped). */
async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { method: "POST", body: "{}", signal: AbortSignal.timeout(2_000) });
    return false;
  } catch {
    return true;
  }
}

describe("runDemo", () => {
  it("pays all 18 paths, prints each step and the summary, and stops everything", async () => {
    const lines: string[] = [];
    const summary = await runDemo({ out: (line) => lines.push(line), color: false });
    const text = lines.join("\n");
    if (!summary.ok) console.error(text);
    expect(summary.ok).toBe(true);
    expect(summary.payments).toHaveLength(18);
    expect(summary.payments.every((payment) => payment.ok && payment.tx.length > 40)).toBe(true);
    expect(text).toContain("✓ all 18 payments settled");
    expect(text).toMatch(/API\s+dialect\s+chain\s+scheme\s+amount\s+tx/);
    expect(text).toMatch(/Hono\s+payment-request\s+Solana\s+push\s+0\.001 SOL/);
    expect(text).toMatch(/Express\s+x402-v2\s+EVM\s+exact\s+0\.001 USDC/);
    expect(text).toContain("402 challenge");
    expect(text).toContain("(+0.001)");
    expect(text).not.toMatch(/\u001b\[/);
    expect(summary.rpcUrls).toHaveLength(2);
    for (const url of summary.rpcUrls) expect(await refused(url)).toBe(true);
  }, 180_000);
});
