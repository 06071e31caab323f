// The payer entry must stay free of verification and settlement code (a browser payer bundles only this).
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dir = fileURLToPath(new URL(".", import.meta.url));

describe("client entry isolation", () => {
  it("no client module imports the server role or on-chain verification helpers", () => {
    for (const file of readdirSync(dir).filter(
      (name) => name.endsWith(".ts") && !name.endsWith(".test.ts"),
    )) {
      const source = readFileSync(`${dir}/${file}`, "utf8");
      expect(source, file).not.toMatch(/from "\.\.\/server/);
      expect(source, file).not.toMatch(
        /\b(simulateContract|verifyTypedData|getTransactionReceipt|@coinbase\/coinbase-sdk")/,
      );
    }
  });
});
