// The server's credential reading under hostile headers: `readCredential` directly, and the whole flow of a
// paid route (createPaymentServer over in-process stand-in payees). Whatever the Authorization,
// PAYMENT-SIGNATURE, X-PAYMENT and legacy Payment-Receipt headers hold, the answer is a 402/400/431 problem:
// never a throw, never a 500 or 503, never the handler's content.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeBase64, encodeBase64Url, isCaip2, SOLANA_DEVNET, utf8Encode } from "../src/index.js";
import { MAX_CREDENTIAL_LENGTH, readCredential } from "../src/server/credential.js";
import type { ServerDialect } from "../src/server/index.js";
import { asFieldValue, assertNoPrototypePollution, FUZZ_TIMEOUT_MS, runs } from "./fuzz-helpers.js";
import { mutateJson, mutateJsonText, nearValid } from "./fuzz-mutators.js";
import { hostileJson, hostileString, longString } from "./fuzz-values.js";
import { credentialsFor, PAID_CONTENT, type StandInServer, standInServer } from "./stand-in-server.js";

const ALL: ReadonlySet<ServerDialect> = new Set(["x402-v2", "x402-v1", "payment-auth", "payment-request"]);
const CREDENTIAL_HEADERS = ["PAYMENT-SIGNATURE", "X-PAYMENT", "Authorization", "Payment-Receipt"] as const;
const KEYS = [
  "x402Version",
  "accepted",
  "payload",
  "amount",
  "network",
  "scheme",
  "challenge",
  "request",
  "id",
];

let stand: StandInServer;
let valid: { header: string; value: string }[];
beforeAll(async () => {
  stand = standInServer();
  valid = credentialsFor((await stand.request({})).response);
});

/** A credential header value: random, or a valid one of the server's own broken at some layer. */
function credentialValue(): fc.Arbitrary<string> {
  const seed = fc.constantFrom(...valid);
  // The JSON inside each encoding, so that fields can be mutated and the value re-encoded the same way.
  const decoded = seed
    .filter((entry) => entry.header !== "Payment-Receipt")
    .map((entry) => {
      const encoded = entry.header === "Authorization" ? entry.value.slice("Payment ".length) : entry.value;
      const base64 = encoded.replaceAll("-", "+").replaceAll("_", "/");
      return {
        header: entry.header,
        json: JSON.parse(Buffer.from(base64, "base64").toString("utf8")) as unknown,
      };
    });
  const reencode = (header: string, text: string) =>
    header === "Authorization"
      ? `Payment ${encodeBase64Url(utf8Encode(text))}`
      : encodeBase64(utf8Encode(text));
  return fc
    .oneof(
      { weight: 3, arbitrary: nearValid(seed.map((entry) => entry.value)) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(decoded, mutateJson(decoded.map((entry) => entry.json)))
          .map(([entry, json]) => reencode(entry.header, JSON.stringify(json))),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            decoded,
            mutateJsonText(
              decoded.map((entry) => entry.json),
              KEYS,
            ),
          )
          .map(([entry, text]) => reencode(entry.header, text)),
      },
      {
        weight: 1,
        arbitrary: hostileJson.map((json) => encodeBase64(utf8Encode(JSON.stringify(json) ?? "null"))),
      },
      { weight: 2, arbitrary: hostileString },
      { weight: 1, arbitrary: fc.oneof(hostileString, longString).map((text) => `Payment ${text}`) },
      { weight: 1, arbitrary: fc.constantFrom("Payment", "Bearer x", "payment  a", "Payment a, Payment b") },
    )
    .map(asFieldValue);
}

/** One to three credential headers (so the precedence between dialects is exercised too). */
function headerSets(): fc.Arbitrary<Record<string, string>> {
  return fc
    .uniqueArray(fc.tuple(fc.constantFrom(...CREDENTIAL_HEADERS), credentialValue()), {
      minLength: 1,
      maxLength: 3,
      selector: ([name]) => name,
    })
    .map((entries) => Object.fromEntries(entries));
}

describe("readCredential on hostile headers", () => {
  it(
    "reads none, a payment, or a malformed credential (400/402/431), and every failure is a PaymuxError",
    () => {
      fc.assert(
        fc.property(headerSets(), (headers) => {
          const result = readCredential(new Request("http://api.test/paid", { headers }), ALL, SOLANA_DEVNET);
          if (result.kind === "payment") expect(isCaip2(result.payment.network)).toBe(true);
          if (result.kind === "malformed") {
            expect([undefined, 400, 431]).toContain(result.problem.status);
            // The catch-all's wording: a non-PaymuxError (a bug in a decoder) was swallowed into a 402.
            expect(result.problem.detail).not.toBe("unreadable credential");
          }
          // HTTP trims SP and HTAB only (a value of "Payment" and 10,000 NBSPs is 10,007 characters long).
          const longest = Math.max(
            ...Object.values(headers).map((value) => value.replace(/^[ \t]+|[ \t]+$/g, "").length),
          );
          if (result.kind === "malformed" && result.problem.status === 431) {
            expect(longest).toBeGreaterThan(MAX_CREDENTIAL_LENGTH);
          }
          assertNoPrototypePollution();
        }),
        runs(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

// The whole flow runs a fifth of FUZZ_RUNS (2,000 cases in CI, about 3 s on these 2-core machines): each case
// prices the route on four stand-in payees, builds a 402 in five dialects with HMAC-bound challenges, and for
// near-valid credentials matches, claims and verifies, about twice the cost of a readCredential case. What it adds
// to the target above is the response contract (status, problem body, no content, no error event), not parsing,
// which the target above runs at the full count on the same inputs.
describe("the server flow of a paid route on hostile headers", () => {
  it(
    "answers a 402, 400 or 431 problem, never a 500, a throw, or the handler's content",
    async () => {
      await fc.assert(
        fc.asyncProperty(headerSets(), async (headers) => {
          const before = stand.events.length;
          const { response, handlerRan } = await stand.request(headers);
          expect(handlerRan).toBe(false);
          expect([400, 402, 431]).toContain(response.status);
          expect(response.headers.get("Content-Type")).toBe("application/problem+json");
          const text = await response.text();
          expect(text).not.toContain(PAID_CONTENT);
          const body = JSON.parse(text) as { type: unknown; status: unknown };
          expect(body.status).toBe(response.status);
          expect(String(body.type)).toMatch(/^https:\/\/paymentauth\.org\/problems\//);
          expect(stand.events.slice(before).filter((event) => event.type === "error")).toEqual([]);
          assertNoPrototypePollution();
        }),
        runs(5),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
