// The 402 body cap of readOffers: the body (x402 v1) is read from a clone, never past MAX_CHALLENGE_BODY_BYTES,
// and a body over it only loses the v1 offers (reported as BODY_TOO_LARGE), never the other dialects.
import {
  BASE_SEPOLIA,
  createPaymentRequiredV1,
  createPaymentRequiredV2,
  encodePaymentRequired,
} from "@paymux/core";
import { describe, expect, it } from "vitest";
import { MAX_CHALLENGE_BODY_BYTES, readOffers } from "./offers.js";

const OFFER = {
  scheme: "exact",
  network: BASE_SEPOLIA,
  asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
  amount: 10_000n,
  payTo: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
  maxTimeoutSeconds: 60,
  extra: { name: "USDC", version: "2" },
} as const;
const RESOURCE = { url: "https://api.example.com/data" };
const V1 = createPaymentRequiredV1({ resource: RESOURCE, offers: [OFFER] });
const V2_HEADER = encodePaymentRequired(createPaymentRequiredV2({ resource: RESOURCE, offers: [OFFER] }));
const JSON_TYPE = { "Content-Type": "application/json" };

/** The v1 body padded (with its `error` text) to exactly `bytes` bytes. */
function padded(bytes: number): string {
  const text = JSON.stringify({ ...V1, error: "" });
  return text.replace('"error":""', `"error":"${"x".repeat(bytes - text.length)}"`);
}

/** A body stream of 1,000-byte chunks, endless, that records what was pulled. */
function endless() {
  const state = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulled += 1000;
      controller.enqueue(new Uint8Array(1000).fill(0x20));
    },
  });
  return { body, state };
}

describe("readOffers body cap", () => {
  it("reads a v1 body of exactly the cap, and skips one a byte over it as BODY_TOO_LARGE", async () => {
    const fits = await readOffers(
      new Response(padded(MAX_CHALLENGE_BODY_BYTES), { status: 402, headers: JSON_TYPE }),
    );
    expect(fits.offers.map((offer) => offer.source.dialect)).toEqual(["x402-v1"]);
    const over = await readOffers(
      new Response(padded(MAX_CHALLENGE_BODY_BYTES + 1), { status: 402, headers: JSON_TYPE }),
    );
    expect(over).toEqual({ offers: [], errors: [{ dialect: "x402-v1", code: "BODY_TOO_LARGE" }] });
  });

  it("still reads the other dialects of a 402 whose body is too large", async () => {
    const headers = { ...JSON_TYPE, "PAYMENT-REQUIRED": V2_HEADER };
    const read = await readOffers(
      new Response(padded(MAX_CHALLENGE_BODY_BYTES + 1), { status: 402, headers }),
    );
    expect(read.offers.map((offer) => offer.source.dialect)).toEqual(["x402-v2"]);
    expect(read.errors).toEqual([{ dialect: "x402-v1", code: "BODY_TOO_LARGE" }]);
  });

  it("stops an endless body at the cap, and leaves the original response readable", async () => {
    const { body, state } = endless();
    const response = new Response(body, { status: 402, headers: JSON_TYPE });
    const read = await readOffers(response);
    expect(read.errors).toEqual([{ dialect: "x402-v1", code: "BODY_TOO_LARGE" }]);
    // The cap plus the few chunks the source and the clone's tee pull ahead: bounded, whatever the body's length.
    expect(state.pulled).toBeLessThanOrEqual(MAX_CHALLENGE_BODY_BYTES + 5 * 1000);
    expect(response.bodyUsed).toBe(false);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect((await reader.read()).value?.byteLength).toBe(1000);
    await reader.cancel();
  });

  it("does not read a body whose Content-Length is over the cap", async () => {
    const { body, state } = endless();
    const headers = { ...JSON_TYPE, "Content-Length": String(MAX_CHALLENGE_BODY_BYTES + 1) };
    const read = await readOffers(new Response(body, { status: 402, headers }));
    expect(read.errors).toEqual([{ dialect: "x402-v1", code: "BODY_TOO_LARGE" }]);
    expect(state.pulled).toBeLessThanOrEqual(1000);
  });
});
