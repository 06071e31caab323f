import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));

/** Every local module the client entry reaches, following relative imports. */
function reachable(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = readFileSync(entry, "utf8");
  for (const match of source.matchAll(/from "(\.{1,2}\/[^"]+)\.js"/g)) {
    reachable(resolve(dirname(entry), `${match[1]}.ts`), seen);
  }
  return seen;
}

describe("the client entry", () => {
  it("never reaches verification or settlement code (a browser payer bundles only signing)", () => {
    const files = [...reachable(join(here, "index.ts"))].map((file) =>
      file.slice(resolve(here, "..").length + 1),
    );
    expect(files.some((file) => file.startsWith("server/"))).toBe(false);
    expect(files).not.toContain("wire.ts");
  });
});
