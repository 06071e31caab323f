import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { PaymuxError } from "../errors/index.js";
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
import { anyUnicodeString, FUZZ_RUNS, jsonArb, returnsOrThrowsPaymuxError } from "./test-helpers.js";

const runs = { numRuns: FUZZ_RUNS };
const bytesArb = fc.uint8Array({ maxLength: 200 });
// Mostly alphabet characters, so that the interesting accept/reject boundary gets hit often.
const base64ishArb = fc.string({
  unit: fc.oneof(
    {
      weight: 30,
      arbitrary: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
    },
    { weight: 4, arbitrary: fc.constantFrom("+", "/", "-", "_", "=") },
    { weight: 1, arbitrary: fc.constantFrom(" ", "\n", ".", "\u00e9", "\u0000", "\ud800") },
  ),
  maxLength: 24,
});

/** Throws (as `decode` should) exactly when the model refuses; otherwise compares bytes with Node's decoder. */
function agreesWithModel(decode: () => Uint8Array, accepted: boolean, oracle: () => Uint8Array): void {
  if (accepted) {
    expect(decode()).toEqual(new Uint8Array(oracle()));
    return;
  }
  expect(decode).toThrow(PaymuxError);
}

describe("round trips and oracles", () => {
  test("decode(encode(bytes)) is the identity, both alphabets", () => {
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
        expect(decodeBase64Url(encodeBase64Url(bytes))).toEqual(bytes);
        expect(decodeBase64Url(encodeBase64(bytes).replaceAll("+", "-").replaceAll("/", "_"))).toEqual(bytes);
      }),
      runs,
    );
  });

  test("encoders match Node's Buffer", () => {
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
        expect(encodeBase64Url(bytes)).toBe(Buffer.from(bytes).toString("base64url"));
      }),
      runs,
    );
  });

  test("decodeBase64 accepts exactly the x402 reference's inputs (regex + length) and decodes like Buffer", () => {
    fc.assert(
      fc.property(base64ishArb, (text) => {
        const accepted = /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0;
        agreesWithModel(
          () => decodeBase64(text),
          accepted,
          () => Buffer.from(text, "base64"),
        );
      }),
      runs,
    );
  });

  test("decodeBase64Url accepts unpadded or fully padded base64url, and decodes like Buffer", () => {
    fc.assert(
      fc.property(base64ishArb, (text) => {
        const match = /^([A-Za-z0-9_-]*)(=*)$/.exec(text);
        const data = match?.[1] ?? "";
        const pad = match?.[2] ?? "";
        const accepted =
          match !== null && pad.length <= 2 && data.length % 4 !== 1 && (pad === "" || text.length % 4 === 0);
        agreesWithModel(
          () => decodeBase64Url(text),
          accepted,
          () => Buffer.from(data, "base64url"),
        );
      }),
      runs,
    );
  });

  test("UTF-8 round trip on well-formed strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(utf8Decode(utf8Encode(text))).toBe(text);
      }),
      runs,
    );
  });

  test("JSON helpers round-trip JSON values", () => {
    fc.assert(
      fc.property(jsonArb, (value) => {
        expect(decodeBase64Json(encodeBase64Json(value))).toEqual(value);
        expect(decodeBase64UrlJson(encodeBase64UrlJson(value))).toEqual(value);
      }),
      runs,
    );
  });
});

describe("arbitrary input only ever returns or throws PaymuxError", () => {
  const decoders = { decodeBase64, decodeBase64Url, decodeBase64Json, decodeBase64UrlJson };
  const inputs = fc.oneof(anyUnicodeString, base64ishArb);

  test.each(Object.entries(decoders))("%s on arbitrary strings", (_name, decode) => {
    fc.assert(
      fc.property(inputs, (text) => returnsOrThrowsPaymuxError(() => decode(text))),
      runs,
    );
  });

  test("utf8Decode and the JSON decoders on arbitrary bytes", () => {
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        returnsOrThrowsPaymuxError(() => utf8Decode(bytes));
        returnsOrThrowsPaymuxError(() => decodeBase64Json(encodeBase64(bytes)));
        returnsOrThrowsPaymuxError(() => decodeBase64UrlJson(encodeBase64Url(bytes)));
      }),
      runs,
    );
  });
});
