import { describe, expect, it } from "vitest";
import { encodeBase64Url } from "../../grammar/base64.js";
import { utf8Encode } from "../../grammar/index.js";
import { computeChallengeId } from "./challenge.js";

// computeChallengeId takes node:crypto's synchronous HMAC when the runtime has one; browsers use WebCrypto.
// Both must give the same id, byte for byte, or a challenge issued by one could not be verified by the other.
describe("computeChallengeId", () => {
  it("equals WebCrypto's HMAC-SHA256 over the joined fields, for ASCII and non-ASCII input", async () => {
    for (const [secret, realm] of [
      ["a-secret-of-at-least-32-bytes-long!!", "api.test"],
      ["sécrèt-ünïcødé-🔑-at-least-32-bytes", "réalm-ü.test"],
    ] as const) {
      const fields = {
        realm,
        method: "evm",
        intent: "charge",
        request: "eyJhIjoxfQ",
        expires: "2030-01-01T00:00:00Z",
      };
      const key = await crypto.subtle.importKey(
        "raw",
        utf8Encode(secret),
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign"],
      );
      const input = [fields.realm, fields.method, fields.intent, fields.request, fields.expires, "", ""].join(
        "|",
      );
      const expected = encodeBase64Url(
        new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8Encode(input))),
      );
      expect(await computeChallengeId(secret, fields)).toBe(expected);
    }
  });
});
