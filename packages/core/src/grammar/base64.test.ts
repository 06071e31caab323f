import { describe, expect, test } from "vitest";
import {
  decodeBase64,
  decodeBase64Json,
  decodeBase64Url,
  decodeBase64UrlJson,
  encodeBase64,
  encodeBase64Json,
  encodeBase64Url,
  encodeBase64UrlJson,
  utf8Decode,
  utf8Encode,
} from "./base64.js";
import { expectPaymuxError } from "./test-helpers.js";

const ascii = (text: string) => new TextEncoder().encode(text);

describe("RFC 4648 §10 vectors", () => {
  const vectors: [string, string, string][] = [
    ["", "", ""],
    ["f", "Zg==", "Zg"],
    ["fo", "Zm8=", "Zm8"],
    ["foo", "Zm9v", "Zm9v"],
    ["foob", "Zm9vYg==", "Zm9vYg"],
    ["fooba", "Zm9vYmE=", "Zm9vYmE"],
    ["foobar", "Zm9vYmFy", "Zm9vYmFy"],
  ];
  test.each(vectors)("%j", (plain, standard, url) => {
    expect(encodeBase64(ascii(plain))).toBe(standard);
    expect(encodeBase64Url(ascii(plain))).toBe(url);
    expect(decodeBase64(standard)).toEqual(ascii(plain));
    expect(decodeBase64Url(url)).toEqual(ascii(plain));
    expect(decodeBase64Url(standard)).toEqual(ascii(plain));
  });

  test("the two alphabets differ only in 62 and 63", () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xbf]);
    expect(encodeBase64(bytes)).toBe("+/+/");
    expect(encodeBase64Url(bytes)).toBe("-_-_");
    expect(decodeBase64("+/+/")).toEqual(bytes);
    expect(decodeBase64Url("-_-_")).toEqual(bytes);
  });

  test("every byte value survives both codecs", () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
    expect(decodeBase64Url(encodeBase64Url(bytes))).toEqual(bytes);
    expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
  });

  test("non-zero leftover bits are tolerated like atob and Buffer", () => {
    expect(decodeBase64("Zh==")).toEqual(ascii("f"));
    expect(decodeBase64Url("Zh")).toEqual(ascii("f"));
  });
});

describe("decodeBase64 rejects", () => {
  test.each([
    ["Zg", "length not a multiple of 4"],
    ["Zg=", "partial padding"],
    ["Z===", "three pads"],
    ["Zm9v====", "four pads"],
    ["Zg==Zg==", "padding in the middle"],
    ["=Zm9", "leading pad"],
    ["Zm9v\n", "trailing newline"],
    [" Zm9", "leading space"],
    ["Zm 9", "inner space"],
    ["Zm-v", "base64url character -"],
    ["Zm_v", "base64url character _"],
    ["Zm9\u00e9", "non-ASCII"],
    ["Zm9\u0100", "code unit above 0xff"],
    ["Zm9.", "dot"],
  ])("%j (%s)", (text) => {
    expectPaymuxError(() => decodeBase64(text), "BASE64_MALFORMED");
  });

  test("error names the offset, not the input", () => {
    const error = expectPaymuxError(() => decodeBase64("c2VjcmV0LXRva2Vu!!!!"), "BASE64_MALFORMED");
    expect(error.message).not.toContain("c2VjcmV0");
    expect(error.context).toEqual({ position: 16 });
  });
});

describe("decodeBase64Url rejects", () => {
  test.each([
    ["Z", "one dangling character"],
    ["Zm9vY", "dangling character after a full group"],
    ["Zg=", "incomplete padding"],
    ["Zg===", "three pads"],
    ["Zm8==", "padding past length 4k"],
    ["Zm9v=", "padding after a full group"],
    ["Zm+v", "standard +"],
    ["Zm/v", "standard /"],
    ["Zm9v ", "trailing space"],
    ["Zm\t9v", "tab"],
    ["Z=g", "padding in the middle"],
    ["Zm9v\u00ff", "obs-text"],
  ])("%j (%s)", (text) => {
    expectPaymuxError(() => decodeBase64Url(text), "BASE64_MALFORMED");
  });
});

describe("UTF-8", () => {
  test("round-trips text, a leading BOM included", () => {
    for (const text of ["", "h\u00e9llo", "\u20ac", "\u{1f600}", "\ufeff{}"]) {
      expect(utf8Decode(utf8Encode(text))).toBe(text);
    }
    expect(utf8Encode("\u20ac")).toEqual(new Uint8Array([0xe2, 0x82, 0xac]));
  });

  test.each([
    [[0xff]],
    [[0xc3]],
    [[0xc0, 0x80]],
    [[0xed, 0xa0, 0x80]],
    [[0xf4, 0x90, 0x80, 0x80]],
    [[0x61, 0x80]],
  ])("rejects %j with JSON_MALFORMED", (bytes) => {
    expectPaymuxError(() => utf8Decode(new Uint8Array(bytes)), "JSON_MALFORMED");
  });
});

// x402.md §9.1 / §9.2 / §9.5: each header is exactly btoa(JSON.stringify(object)).
const resource = {
  url: "https://api.example.com/premium-data",
  description: "Access to premium market data",
  mimeType: "application/json",
};
const accepted = {
  scheme: "exact",
  network: "eip155:84532",
  amount: "10000",
  asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
  payTo: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
  maxTimeoutSeconds: 60,
  extra: { name: "USDC", version: "2" },
};
const evmPayload = {
  signature:
    "0x2d6a7588d6acca505cbf0d9a4a227e0c52c6c34008c8e8986a1283259764173608a2ce6496642e377d6da8dbbf5836e9bd15092f9ecab05ded3d6293af148b571c",
  authorization: {
    from: "0x857b06519E91e3A54538791bDbb0E22373e36b66",
    to: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
    value: "10000",
    validAfter: "1740672089",
    validBefore: "1740672154",
    nonce: "0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480",
  },
};
const x402Vectors: [string, string, unknown][] = [
  [
    "PAYMENT-REQUIRED",
    "eyJ4NDAyVmVyc2lvbiI6MiwiZXJyb3IiOiJQQVlNRU5ULVNJR05BVFVSRSBoZWFkZXIgaXMgcmVxdWlyZWQiLCJyZXNvdXJjZSI6eyJ1cmwiOiJodHRwczovL2FwaS5leGFtcGxlLmNvbS9wcmVtaXVtLWRhdGEiLCJkZXNjcmlwdGlvbiI6IkFjY2VzcyB0byBwcmVtaXVtIG1hcmtldCBkYXRhIiwibWltZVR5cGUiOiJhcHBsaWNhdGlvbi9qc29uIn0sImFjY2VwdHMiOlt7InNjaGVtZSI6ImV4YWN0IiwibmV0d29yayI6ImVpcDE1NTo4NDUzMiIsImFtb3VudCI6IjEwMDAwIiwiYXNzZXQiOiIweDAzNkNiRDUzODQyYzU0MjY2MzRlNzkyOTU0MWVDMjMxOGYzZENGN2UiLCJwYXlUbyI6IjB4MjA5NjkzQmM2YWZjMEM1MzI4YkEzNkZhRjAzQzUxNEVGMzEyMjg3QyIsIm1heFRpbWVvdXRTZWNvbmRzIjo2MCwiZXh0cmEiOnsibmFtZSI6IlVTREMiLCJ2ZXJzaW9uIjoiMiJ9fV19",
    { x402Version: 2, error: "PAYMENT-SIGNATURE header is required", resource, accepts: [accepted] },
  ],
  [
    "PAYMENT-SIGNATURE",
    "eyJ4NDAyVmVyc2lvbiI6MiwicmVzb3VyY2UiOnsidXJsIjoiaHR0cHM6Ly9hcGkuZXhhbXBsZS5jb20vcHJlbWl1bS1kYXRhIiwiZGVzY3JpcHRpb24iOiJBY2Nlc3MgdG8gcHJlbWl1bSBtYXJrZXQgZGF0YSIsIm1pbWVUeXBlIjoiYXBwbGljYXRpb24vanNvbiJ9LCJhY2NlcHRlZCI6eyJzY2hlbWUiOiJleGFjdCIsIm5ldHdvcmsiOiJlaXAxNTU6ODQ1MzIiLCJhbW91bnQiOiIxMDAwMCIsImFzc2V0IjoiMHgwMzZDYkQ1Mzg0MmM1NDI2NjM0ZTc5Mjk1NDFlQzIzMThmM2RDRjdlIiwicGF5VG8iOiIweDIwOTY5M0JjNmFmYzBDNTMyOGJBMzZGYUYwM0M1MTRFRjMxMjI4N0MiLCJtYXhUaW1lb3V0U2Vjb25kcyI6NjAsImV4dHJhIjp7Im5hbWUiOiJVU0RDIiwidmVyc2lvbiI6IjIifX0sInBheWxvYWQiOnsic2lnbmF0dXJlIjoiMHgyZDZhNzU4OGQ2YWNjYTUwNWNiZjBkOWE0YTIyN2UwYzUyYzZjMzQwMDhjOGU4OTg2YTEyODMyNTk3NjQxNzM2MDhhMmNlNjQ5NjY0MmUzNzdkNmRhOGRiYmY1ODM2ZTliZDE1MDkyZjllY2FiMDVkZWQzZDYyOTNhZjE0OGI1NzFjIiwiYXV0aG9yaXphdGlvbiI6eyJmcm9tIjoiMHg4NTdiMDY1MTlFOTFlM0E1NDUzODc5MWJEYmIwRTIyMzczZTM2YjY2IiwidG8iOiIweDIwOTY5M0JjNmFmYzBDNTMyOGJBMzZGYUYwM0M1MTRFRjMxMjI4N0MiLCJ2YWx1ZSI6IjEwMDAwIiwidmFsaWRBZnRlciI6IjE3NDA2NzIwODkiLCJ2YWxpZEJlZm9yZSI6IjE3NDA2NzIxNTQiLCJub25jZSI6IjB4ZjM3NDY2MTNjMmQ5MjBiNWZkYWJjMDg1NmYyYWViMmQ0Zjg4ZWU2MDM3YjhjYzVkMDRhNzFhNDQ2MmYxMzQ4MCJ9fX0=",
    { x402Version: 2, resource, accepted, payload: evmPayload },
  ],
  [
    "PAYMENT-RESPONSE success",
    "eyJzdWNjZXNzIjp0cnVlLCJ0cmFuc2FjdGlvbiI6IjB4MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWYxMjM0NTY3ODkwYWJjZGVmMTIzNDU2Nzg5MGFiY2RlZiIsIm5ldHdvcmsiOiJlaXAxNTU6ODQ1MzIiLCJwYXllciI6IjB4ODU3YjA2NTE5RTkxZTNBNTQ1Mzg3OTFiRGJiMEUyMjM3M2UzNmI2NiJ9",
    {
      success: true,
      transaction: "0x1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef",
      network: "eip155:84532",
      payer: "0x857b06519E91e3A54538791bDbb0E22373e36b66",
    },
  ],
  [
    "PAYMENT-RESPONSE failure",
    "eyJzdWNjZXNzIjpmYWxzZSwiZXJyb3JSZWFzb24iOiJpbnN1ZmZpY2llbnRfZnVuZHMiLCJ0cmFuc2FjdGlvbiI6IiIsIm5ldHdvcmsiOiJlaXAxNTU6ODQ1MzIiLCJwYXllciI6IjB4ODU3YjA2NTE5RTkxZTNBNTQ1Mzg3OTFiRGJiMEUyMjM3M2UzNmI2NiJ9",
    {
      success: false,
      errorReason: "insufficient_funds",
      transaction: "",
      network: "eip155:84532",
      payer: "0x857b06519E91e3A54538791bDbb0E22373e36b66",
    },
  ],
  [
    "X-PAYMENT (v1)",
    "eyJ4NDAyVmVyc2lvbiI6MSwic2NoZW1lIjoiZXhhY3QiLCJuZXR3b3JrIjoiYmFzZS1zZXBvbGlhIiwicGF5bG9hZCI6eyJzaWduYXR1cmUiOiIweDJkNmE3NTg4ZDZhY2NhNTA1Y2JmMGQ5YTRhMjI3ZTBjNTJjNmMzNDAwOGM4ZTg5ODZhMTI4MzI1OTc2NDE3MzYwOGEyY2U2NDk2NjQyZTM3N2Q2ZGE4ZGJiZjU4MzZlOWJkMTUwOTJmOWVjYWIwNWRlZDNkNjI5M2FmMTQ4YjU3MWMiLCJhdXRob3JpemF0aW9uIjp7ImZyb20iOiIweDg1N2IwNjUxOUU5MWUzQTU0NTM4NzkxYkRiYjBFMjIzNzNlMzZiNjYiLCJ0byI6IjB4MjA5NjkzQmM2YWZjMEM1MzI4YkEzNkZhRjAzQzUxNEVGMzEyMjg3QyIsInZhbHVlIjoiMTAwMDAiLCJ2YWxpZEFmdGVyIjoiMTc0MDY3MjA4OSIsInZhbGlkQmVmb3JlIjoiMTc0MDY3MjE1NCIsIm5vbmNlIjoiMHhmMzc0NjYxM2MyZDkyMGI1ZmRhYmMwODU2ZjJhZWIyZDRmODhlZTYwMzdiOGNjNWQwNGE3MWE0NDYyZjEzNDgwIn19fQ==",
    { x402Version: 1, scheme: "exact", network: "base-sepolia", payload: evmPayload },
  ],
  [
    "X-PAYMENT-RESPONSE (v1)",
    "eyJzdWNjZXNzIjp0cnVlLCJ0cmFuc2FjdGlvbiI6IjB4MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWYxMjM0NTY3ODkwYWJjZGVmMTIzNDU2Nzg5MGFiY2RlZiIsIm5ldHdvcmsiOiJiYXNlLXNlcG9saWEiLCJwYXllciI6IjB4ODU3YjA2NTE5RTkxZTNBNTQ1Mzg3OTFiRGJiMEUyMjM3M2UzNmI2NiJ9",
    {
      success: true,
      transaction: "0x1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef",
      network: "base-sepolia",
      payer: "0x857b06519E91e3A54538791bDbb0E22373e36b66",
    },
  ],
  [
    "EXTENSION-RESPONSES success",
    "eyJiYXphYXIiOnsic3RhdHVzIjoic3VjY2VzcyJ9fQ==",
    { bazaar: { status: "success" } },
  ],
  [
    "EXTENSION-RESPONSES rejected",
    "eyJiYXphYXIiOnsic3RhdHVzIjoicmVqZWN0ZWQiLCJyZWplY3RlZFJlYXNvbiI6ImluZm8gZmFpbGVkIHNjaGVtYSB2YWxpZGF0aW9uIn19",
    { bazaar: { status: "rejected", rejectedReason: "info failed schema validation" } },
  ],
];

describe("x402 golden vectors", () => {
  test.each(x402Vectors)("%s", (_name, header, json) => {
    expect(decodeBase64Json(header)).toStrictEqual(json);
    expect(encodeBase64Json(json)).toBe(header);
  });
});

describe("payment-auth golden vectors (§7.1)", () => {
  test("core credential decodes exactly", () => {
    const header =
      "eyJjaGFsbGVuZ2UiOnsiaWQiOiJ4N1RnMnBMcVI5bUt2TndZM2hCY1phIiwicmVhbG0iOiJhcGkuZXhhbXBsZS5jb20iLCJtZXRob2QiOiJleGFtcGxlIiwiaW50ZW50IjoiY2hhcmdlIiwicmVxdWVzdCI6ImV5SmhiVzkxYm5RaU9pSXhNREF3SWl3aVkzVnljbVZ1WTNraU9pSlZVMFFpTENKeVpXTnBjR2xsYm5RaU9pSmhZMk4wWHpFeU15SjkiLCJleHBpcmVzIjoiMjAyNS0wMS0xNVQxMjowNTowMFoifSwicGF5bG9hZCI6eyJwcm9vZiI6IjB4YWJjMTIzLi4uIn19";
    const json = {
      challenge: {
        id: "x7Tg2pLqR9mKvNwY3hBcZa",
        realm: "api.example.com",
        method: "example",
        intent: "charge",
        request: "eyJhbW91bnQiOiIxMDAwIiwiY3VycmVuY3kiOiJVU0QiLCJyZWNpcGllbnQiOiJhY2N0XzEyMyJ9",
        expires: "2025-01-15T12:05:00Z",
      },
      payload: { proof: "0xabc123..." },
    };
    expect(decodeBase64UrlJson(header)).toStrictEqual(json);
    expect(encodeBase64UrlJson(json)).toBe(header);
  });

  test("core receipt and request", () => {
    expect(
      decodeBase64UrlJson(
        "eyJzdGF0dXMiOiJzdWNjZXNzIiwibWV0aG9kIjoiaW52b2ljZSIsInRpbWVzdGFtcCI6IjIwMjUtMDEtMTVUMTI6MDA6MDBaIiwicmVmZXJlbmNlIjoiaW52XzEyMzQ1In0",
      ),
    ).toStrictEqual({
      status: "success",
      method: "invoice",
      timestamp: "2025-01-15T12:00:00Z",
      reference: "inv_12345",
    });
    expect(
      decodeBase64UrlJson("eyJhbW91bnQiOiIxMDAwIiwiY3VycmVuY3kiOiJVU0QiLCJyZWNpcGllbnQiOiJhY2N0XzEyMyJ9"),
    ).toStrictEqual({ amount: "1000", currency: "USD", recipient: "acct_123" });
  });
});

describe("JSON helpers", () => {
  test("non-ASCII JSON goes through UTF-8", () => {
    expect(encodeBase64Json({ d: "caf\u00e9" })).toBe(
      Buffer.from('{"d":"caf\u00e9"}', "utf8").toString("base64"),
    );
    expect(decodeBase64UrlJson(encodeBase64UrlJson({ d: "\u{1f600}" }))).toEqual({ d: "\u{1f600}" });
  });

  test("bad base64 is BASE64_MALFORMED, bad text or JSON is JSON_MALFORMED", () => {
    expectPaymuxError(() => decodeBase64Json("eyJ"), "BASE64_MALFORMED");
    expectPaymuxError(() => decodeBase64Json("eyJhIjox-Q=="), "BASE64_MALFORMED");
    expectPaymuxError(() => decodeBase64UrlJson("eyJhIjox+Q"), "BASE64_MALFORMED");
    expectPaymuxError(() => decodeBase64Json(encodeBase64(ascii("{'a':1}"))), "JSON_MALFORMED");
    expectPaymuxError(() => decodeBase64Json(""), "JSON_MALFORMED");
    expectPaymuxError(
      () => decodeBase64Json(encodeBase64(new Uint8Array([0x7b, 0xff, 0x7d]))),
      "JSON_MALFORMED",
    );
    expectPaymuxError(() => decodeBase64UrlJson(encodeBase64Url(ascii('{"a":1'))), "JSON_MALFORMED");
    expectPaymuxError(() => decodeBase64UrlJson(encodeBase64Url(ascii("\ufeff{}"))), "JSON_MALFORMED");
  });

  test("the JSON error does not quote the payload", () => {
    const error = expectPaymuxError(
      () => decodeBase64UrlJson(encodeBase64Url(ascii("secret-credential-text"))),
      "JSON_MALFORMED",
    );
    expect(error.message).not.toContain("secret");
    expect(error.cause).toBeUndefined();
  });

  test("values without a JSON form are refused on encode", () => {
    expectPaymuxError(() => encodeBase64Json(undefined), "JSON_MALFORMED");
    expectPaymuxError(() => encodeBase64Json(() => 1), "JSON_MALFORMED");
    expectPaymuxError(() => encodeBase64UrlJson({ amount: 1n }), "JSON_MALFORMED");
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expectPaymuxError(() => encodeBase64Json(cyclic), "JSON_MALFORMED");
  });
});
