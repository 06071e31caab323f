import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256, toHex } from "./hash.js";

describe("sha256", () => {
  it("matches node:crypto on every length around the block boundaries", () => {
    for (let length = 0; length < 300; length++) {
      const data = new Uint8Array(randomBytes(length));
      expect(toHex(sha256(data))).toBe(createHash("sha256").update(data).digest("hex"));
    }
  });

  it("gives the known digest of the empty string", () => {
    expect(toHex(sha256(new Uint8Array()))).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });
});
