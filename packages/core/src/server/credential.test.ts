import { beforeAll, describe, expect, it } from "vitest";
import {
  credentialsFor,
  fakeTransaction,
  PAID_CONTENT,
  type StandInServer,
  standInServer,
} from "../../test/stand-in-server.js";
import { encodePaymentCredential, encodePaymentSignature } from "../dialects/index.js";
import { SOLANA_DEVNET } from "../networks/index.js";
import { MAX_CREDENTIAL_LENGTH, readCredential } from "./credential.js";
import type { ServerDialect } from "./types.js";

const ALL: ReadonlySet<ServerDialect> = new Set(["x402-v2", "x402-v1", "payment-auth", "payment-request"]);
const HEADERS = ["PAYMENT-SIGNATURE", "X-PAYMENT", "Authorization", "Payment-Receipt"] as const;

function read(headers: Record<string, string>, dialects = ALL) {
  return readCredential(new Request("http://api.test/paid", { headers }), dialects, SOLANA_DEVNET);
}

/** `prefix` padded with base64 characters to exactly `length`. */
const sized = (prefix: string, length: number) => prefix + "A".repeat(length - prefix.length);
const oversized = (header: string, length: number) =>
  sized(header === "Authorization" ? "Payment " : "", length);

describe("credential size cap", () => {
  it.each(HEADERS)("refuses %s over the cap with a 431 problem, before decoding", (header) => {
    const result = read({ [header]: oversized(header, MAX_CREDENTIAL_LENGTH + 1) });
    expect(result).toEqual({
      kind: "malformed",
      problem: {
        type: "malformed-credential",
        title: "The payment credential header is too large",
        detail: `HEADER_TOO_LARGE: ${header} is longer than ${MAX_CREDENTIAL_LENGTH} characters`,
        status: 431,
      },
    });
  });

  it.each(HEADERS)("decodes %s at exactly the cap (and calls junk malformed, not too large)", (header) => {
    const result = read({ [header]: oversized(header, MAX_CREDENTIAL_LENGTH) });
    expect(result.kind).toBe("malformed");
    if (result.kind === "malformed") expect(result.problem.status).toBeUndefined();
  });

  it("judges only the header it reads: another scheme's Authorization, and disabled dialects", () => {
    const huge = "A".repeat(MAX_CREDENTIAL_LENGTH * 4);
    expect(read({ Authorization: `Bearer ${huge}` })).toEqual({ kind: "none" });
    expect(read({ "PAYMENT-SIGNATURE": huge }, new Set(["x402-v1"]))).toEqual({ kind: "none" });
  });

  it("leaves room for twice the largest legitimate credential", () => {
    const resource = { url: `https://api.example.com/${"v1/".repeat(40)}data`, description: "d".repeat(200) };
    const accepted = {
      scheme: "exact",
      network: SOLANA_DEVNET,
      amount: "18446744073709551615",
      asset: "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU",
      payTo: "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU",
      maxTimeoutSeconds: 300,
      extra: { feePayer: "EwWqGE4ZFKLofuestmU4LDdK7XM1N4ALgdZccwYugwGd", memo: "m".repeat(64) },
    };
    const transaction = fakeTransaction(1232);
    const v2 = encodePaymentSignature({ x402Version: 2, resource, accepted, payload: { transaction } });
    const request = `eyJ${"A".repeat(600)}`;
    const ietf = encodePaymentCredential({
      challenge: {
        id: "A".repeat(43),
        realm: "api.example.com",
        method: "solana",
        intent: "charge",
        request,
        expires: "2030-01-01T00:00:00Z",
        opaque: "A".repeat(64),
        description: "d".repeat(200),
      },
      payload: { type: "transaction", transaction },
    });
    for (const credential of [v2, ietf]) expect(credential.length * 2).toBeLessThan(MAX_CREDENTIAL_LENGTH);
  });
});

describe("credential size cap, through the server", () => {
  let stand: StandInServer;
  let credentials: { header: string; value: string }[];
  beforeAll(async () => {
    stand = standInServer();
    credentials = credentialsFor((await stand.request({})).response);
  });

  it("answers an oversized credential in any dialect with 431, a problem and fresh challenges", async () => {
    for (const header of HEADERS) {
      const { response, handlerRan } = await stand.request({
        [header]: oversized(header, MAX_CREDENTIAL_LENGTH + 1),
      });
      expect(handlerRan).toBe(false);
      expect(response.status).toBe(431);
      expect(response.headers.get("Content-Type")).toBe("application/problem+json");
      expect(response.headers.get("PAYMENT-REQUIRED")).not.toBeNull();
      expect(response.headers.get("WWW-Authenticate")).toContain("Payment ");
      const body = await response.json();
      expect(body).toMatchObject({
        type: "https://paymentauth.org/problems/malformed-credential",
        status: 431,
        detail: expect.stringContaining("HEADER_TOO_LARGE"),
      });
      expect(JSON.stringify(body)).not.toContain(PAID_CONTENT);
    }
  });

  it("still reads well-formed credentials of every dialect (all under the cap)", async () => {
    expect(credentials.map((entry) => entry.header).sort()).toEqual(
      expect.arrayContaining(["Authorization", "PAYMENT-SIGNATURE", "Payment-Receipt", "X-PAYMENT"]),
    );
    for (const { header, value } of credentials) {
      expect(value.length).toBeLessThan(MAX_CREDENTIAL_LENGTH);
      const { response, handlerRan } = await stand.request({ [header]: value });
      expect(handlerRan).toBe(false);
      // The stand-in payee refuses every payment: reaching it means the credential was read and matched.
      expect(await response.json()).toMatchObject({ detail: "invalid_payload", status: 402 });
    }
  });
});
