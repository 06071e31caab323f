import { describe, expect, it } from "vitest";
import {
  createPaymentPayloadV1,
  createPaymentPayloadV2,
  createPaymentRequiredV1,
  createPaymentRequiredV2,
  decodeBase64Json,
  decodePaymentRequired,
  decodePaymentRequiredV1,
  decodePaymentResponse,
  decodePaymentSignature,
  decodeXPayment,
  encodePaymentRequired,
  encodePaymentResponse,
  encodePaymentSignature,
  encodeXPayment,
  type Offer,
  paymentFromV1,
  paymentFromV2,
  readOffersV1,
  readOffersV2,
  receiptToSettleResponse,
  settleResponseToReceipt,
} from "../src/index.js";
import { errorCode } from "./error-code.js";
import {
  RESOURCE,
  SPEC_AUTHORIZATION,
  SPEC_SIGNATURE,
  X402_V1_BODY,
  X402_V1_RESPONSE_SUCCESS,
  X402_V1_X_PAYMENT,
  X402_V2_PAYMENT_REQUIRED,
  X402_V2_PAYMENT_SIGNATURE,
  X402_V2_RESPONSE_FAILURE,
  X402_V2_RESPONSE_SUCCESS,
} from "./vectors.js";

const OFFER: Offer = {
  scheme: "exact",
  network: "eip155:84532",
  asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
  amount: 10000n,
  payTo: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
  maxTimeoutSeconds: 60,
  extra: { name: "USDC", version: "2" },
};
const PAYLOAD = { signature: SPEC_SIGNATURE, authorization: SPEC_AUTHORIZATION };
const TX = "0x1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef";
const PAYER = "0x857b06519E91e3A54538791bDbb0E22373e36b66";

describe("x402 v2 golden vectors", () => {
  it("PAYMENT-REQUIRED decodes to the spec's offer and is re-encoded byte for byte from paymux's model", () => {
    const decoded = decodePaymentRequired(X402_V2_PAYMENT_REQUIRED);
    const [offer] = readOffersV2(decoded);
    expect(offer).toMatchObject({ ...OFFER, source: { dialect: "x402-v2" } });
    const rebuilt = createPaymentRequiredV2({
      resource: RESOURCE,
      offers: [OFFER],
      error: "PAYMENT-SIGNATURE header is required",
    });
    expect(encodePaymentRequired(rebuilt)).toBe(X402_V2_PAYMENT_REQUIRED);
  });

  it("PAYMENT-SIGNATURE decodes to a Payment and the client's echo reproduces the exact bytes", () => {
    const payment = paymentFromV2(decodePaymentSignature(X402_V2_PAYMENT_SIGNATURE));
    expect(payment).toMatchObject({
      dialect: "x402-v2",
      scheme: "exact",
      network: "eip155:84532",
      payload: PAYLOAD,
    });
    expect(payment.accepted).toEqual(OFFER);
    const [received] = readOffersV2(decodePaymentRequired(X402_V2_PAYMENT_REQUIRED));
    if (received?.source.dialect !== "x402-v2") throw new Error("no v2 offer");
    expect(encodePaymentSignature(createPaymentPayloadV2(received.source, PAYLOAD))).toBe(
      X402_V2_PAYMENT_SIGNATURE,
    );
  });

  it("PAYMENT-RESPONSE success and failure re-encode byte for byte from receipts", () => {
    const success = settleResponseToReceipt(decodePaymentResponse(X402_V2_RESPONSE_SUCCESS));
    expect(success).toEqual({ success: true, transaction: TX, network: "eip155:84532", payer: PAYER });
    expect(encodePaymentResponse(receiptToSettleResponse(success))).toBe(X402_V2_RESPONSE_SUCCESS);
    const failure = settleResponseToReceipt(decodePaymentResponse(X402_V2_RESPONSE_FAILURE));
    expect(failure.errorReason).toBe("insufficient_funds");
    expect(encodePaymentResponse(receiptToSettleResponse(failure))).toBe(X402_V2_RESPONSE_FAILURE);
  });
});

describe("x402 v1 golden vectors", () => {
  it("the v1 402 body is produced exactly from the model and read back", () => {
    const body = createPaymentRequiredV1({ resource: RESOURCE, offers: [OFFER] });
    expect(JSON.stringify(body)).toBe(X402_V1_BODY);
    const [offer] = readOffersV1(decodePaymentRequiredV1(JSON.parse(X402_V1_BODY)));
    expect(offer).toMatchObject(OFFER);
  });

  it("X-PAYMENT decodes (network name → CAIP-2) and re-encodes byte for byte", () => {
    const decoded = decodeXPayment(X402_V1_X_PAYMENT);
    expect(paymentFromV1(decoded)).toMatchObject({
      scheme: "exact",
      network: "eip155:84532",
      payload: PAYLOAD,
    });
    const [received] = readOffersV1(decodePaymentRequiredV1(JSON.parse(X402_V1_BODY)));
    if (received?.source.dialect !== "x402-v1") throw new Error("no v1 offer");
    expect(encodeXPayment(createPaymentPayloadV1(received.source, PAYLOAD))).toBe(X402_V1_X_PAYMENT);
  });

  it("X-PAYMENT-RESPONSE uses the v1 network name", () => {
    const receipt = settleResponseToReceipt(decodePaymentResponse(X402_V1_RESPONSE_SUCCESS));
    expect(receipt.network).toBe("eip155:84532");
    expect(encodePaymentResponse(receiptToSettleResponse(receipt, 1))).toBe(X402_V1_RESPONSE_SUCCESS);
  });

  it("networks without a v1 name travel as CAIP-2 and come back", () => {
    const local = { ...OFFER, network: "eip155:31337" as const };
    const body = createPaymentRequiredV1({ resource: RESOURCE, offers: [local] });
    expect(body.accepts[0]?.network).toBe("eip155:31337");
    expect(readOffersV1(body)[0]?.network).toBe("eip155:31337");
  });
});

describe("x402 malformed input", () => {
  const b64 = (value: unknown) => btoa(JSON.stringify(value));
  const required = decodeBase64Json(X402_V2_PAYMENT_REQUIRED) as Record<string, unknown>;
  const signature = decodeBase64Json(X402_V2_PAYMENT_SIGNATURE) as Record<string, unknown>;
  const accepted = signature["accepted"] as Record<string, unknown>;

  it.each([
    ["empty", "", "JSON_MALFORMED"],
    ["not base64", "%%%", "BASE64_MALFORMED"],
    ["base64url alphabet", X402_V2_PAYMENT_REQUIRED.replace(/[A-Za-z]/, "-"), "BASE64_MALFORMED"],
    ["not JSON", btoa("{oops"), "JSON_MALFORMED"],
    ["JSON array", b64([1, 2]), "SCHEMA_INVALID"],
    ["wrong version", b64({ ...required, x402Version: 1 }), "SCHEMA_INVALID"],
    ["no accepts", b64({ ...required, accepts: [] }), "SCHEMA_INVALID"],
    ["no resource", b64({ ...required, resource: undefined }), "SCHEMA_INVALID"],
    [
      "amount with exponent",
      b64({ ...required, accepts: [{ ...accepted, amount: "1e5" }] }),
      "SCHEMA_INVALID",
    ],
    ["negative amount", b64({ ...required, accepts: [{ ...accepted, amount: "-1" }] }), "SCHEMA_INVALID"],
    ["float amount", b64({ ...required, accepts: [{ ...accepted, amount: 10000 }] }), "SCHEMA_INVALID"],
    [
      "zero timeout",
      b64({ ...required, accepts: [{ ...accepted, maxTimeoutSeconds: 0 }] }),
      "SCHEMA_INVALID",
    ],
    ["too large", "A".repeat(20_000), "HEADER_TOO_LARGE"],
  ])("PAYMENT-REQUIRED %s → %s", (_name, header, expected) => {
    expect(errorCode(() => decodePaymentRequired(header))).toBe(expected);
  });

  it.each([
    ["missing accepted", b64({ ...signature, accepted: undefined }), "CREDENTIAL_MALFORMED"],
    ["payload not object", b64({ ...signature, payload: "x" }), "CREDENTIAL_MALFORMED"],
    ["v1 shape", X402_V1_X_PAYMENT, "CREDENTIAL_MALFORMED"],
    [
      "network not CAIP-2",
      b64({ ...signature, accepted: { ...accepted, network: "base" } }),
      "CREDENTIAL_MALFORMED",
    ],
    [
      "amount uint256 + 1",
      b64({ ...signature, accepted: { ...accepted, amount: "9".repeat(79) } }),
      "CREDENTIAL_MALFORMED",
    ],
  ])("PAYMENT-SIGNATURE %s → %s", (_name, header, expected) => {
    expect(errorCode(() => decodePaymentSignature(header))).toBe(expected);
  });

  it("a v2 accepted amount above uint256 is refused when mapped to the model", () => {
    const header = b64({ ...signature, accepted: { ...accepted, amount: (1n << 256n).toString() } });
    expect(errorCode(() => paymentFromV2(decodePaymentSignature(header)))).toBe("AMOUNT_OUT_OF_RANGE");
  });

  it.each([
    ["v2 payload", X402_V2_PAYMENT_SIGNATURE, "CREDENTIAL_MALFORMED"],
    ["no scheme", b64({ x402Version: 1, network: "base", payload: {} }), "CREDENTIAL_MALFORMED"],
  ])("X-PAYMENT %s → %s", (_name, header, expected) => {
    expect(errorCode(() => decodeXPayment(header))).toBe(expected);
  });

  it("an unknown v1 network name is a coded error", () => {
    expect(
      errorCode(() => paymentFromV1({ x402Version: 1, scheme: "exact", network: "atlantis", payload: {} })),
    ).toBe("NETWORK_UNKNOWN");
  });

  it.each([
    ["not an object", 1],
    ["version 2", { x402Version: 2, accepts: [] }],
    ["accepts missing", { x402Version: 1 }],
  ])("v1 body %s → CHALLENGE_INVALID", (_name, body) => {
    expect(errorCode(() => decodePaymentRequiredV1(body))).toBe("CHALLENGE_INVALID");
  });

  it.each([
    ["success not boolean", b64({ success: "yes", transaction: "", network: "base" })],
    ["no transaction", b64({ success: true, network: "base" })],
  ])("PAYMENT-RESPONSE %s → RECEIPT_MALFORMED", (_name, header) => {
    expect(errorCode(() => decodePaymentResponse(header))).toBe("RECEIPT_MALFORMED");
  });

  it("a client echoes accepts[i] verbatim, key order and unknown keys included", () => {
    const reordered = { extra: { version: "2", name: "USDC" }, ...accepted, future: { a: 1 } };
    const [offer] = readOffersV2(decodePaymentRequired(b64({ ...required, accepts: [reordered] })));
    if (offer?.source.dialect !== "x402-v2") throw new Error("no v2 offer");
    expect(JSON.stringify(createPaymentPayloadV2(offer.source, {}).accepted)).toBe(JSON.stringify(reordered));
  });

  it("entries paymux cannot represent are skipped, not fatal, when reading a 402", () => {
    const mixed = decodePaymentRequired(
      b64({ ...required, accepts: [{ ...accepted, network: "weird:" + "x".repeat(40) }, accepted] }),
    );
    expect(readOffersV2(mixed)).toHaveLength(1);
  });
});
