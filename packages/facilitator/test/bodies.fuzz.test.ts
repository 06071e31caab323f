// POST /verify and /settle under hostile bodies: random JSON, near-valid x402 v1 and v2 bodies, text that is not
// JSON, bodies over the cap, any Content-Type. The answer is always JSON: a verdict (200 with isValid/success), a
// 400 or a 413; never a 500, never a throw. Payees are in-process stand-ins that read the payload with core's
// schemas (this checks the facilitator's reading of bodies, not chains).
import {
  BASE,
  ExactEvmPayloadSchema,
  ExactSvmPayloadSchema,
  type Offer,
  offerToRequirementsV1,
  offerToRequirementsV2,
  parseSchema,
  type SchemePayee,
} from "@paymux/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertNoPrototypePollution, FUZZ_TIMEOUT_MS, pool, runs } from "../../core/test/fuzz-helpers.js";
import { anyOffer, evmOffer, payloadOf, resource } from "../../core/test/fuzz-models.js";
import { mutateJson, mutateJsonText, mutateText } from "../../core/test/fuzz-mutators.js";
import { hostileJson, hostileString } from "../../core/test/fuzz-values.js";
import { createFacilitator, type FacilitatorEvent, MAX_BODY_BYTES } from "../src/index.js";

function standIn(scheme: string, family: "eip155:*" | "solana:*"): SchemePayee {
  return {
    scheme,
    networks: [family],
    createOffer: () => undefined,
    replayKeys: (payment) => [`stand-in:${JSON.stringify(payment.payload).length}`],
    verify: async (payment) => {
      // Throws SCHEMA_INVALID for a payload of the wrong shape, which the facilitator answers as a verdict.
      if (scheme === "exact") {
        parseSchema(
          family === "eip155:*" ? ExactEvmPayloadSchema : ExactSvmPayloadSchema,
          payment.payload,
          "payload",
        );
      }
      return { valid: true, payer: "stand-in-payer" };
    },
    settle: async (_payment, offer) => ({
      success: true,
      transaction: "stand-in-tx",
      network: offer.network,
    }),
  };
}

const events: FacilitatorEvent[] = [];
const facilitator = createFacilitator({
  payees: [standIn("exact", "eip155:*"), standIn("exact", "solana:*"), standIn("push", "eip155:*")],
  settleWaitMs: 0,
  onEvent: (event) => events.push(event),
});

const v2Body = pool(
  fc.tuple(anyOffer, resource).map(([offer, info]) => ({
    x402Version: 2,
    paymentPayload: {
      x402Version: 2,
      resource: info,
      accepted: offerToRequirementsV2(offer),
      payload: payloadOf(offer),
    },
    paymentRequirements: offerToRequirementsV2(offer),
  })),
);
const v1Body = pool(
  fc
    .tuple(evmOffer, resource)
    .map(([offer, info]: [Offer, typeof resource extends fc.Arbitrary<infer R> ? R : never]) => {
      const network = offer.network === BASE ? "base" : "base-sepolia";
      const requirements = { ...offerToRequirementsV1(offer, info), network };
      return {
        x402Version: 1,
        paymentPayload: { x402Version: 1, scheme: offer.scheme, network, payload: payloadOf(offer) },
        paymentRequirements: requirements,
      };
    }),
);
const validBody = fc.oneof(v2Body, v1Body);
const KEYS = [
  "x402Version",
  "paymentPayload",
  "paymentRequirements",
  "accepted",
  "payload",
  "amount",
  "network",
];

/** A body as text: near-valid JSON, random JSON, or not JSON at all. */
const bodyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: mutateJson(validBody).map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: mutateJsonText(validBody, KEYS) },
  { weight: 2, arbitrary: mutateText(validBody.map((value) => JSON.stringify(value))) },
  { weight: 1, arbitrary: validBody.map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: hostileJson.map((value) => JSON.stringify(value) ?? "null") },
  {
    weight: 1,
    arbitrary: fc
      .record({ x402Version: hostileJson, paymentPayload: hostileJson, paymentRequirements: hostileJson })
      .map((value) => JSON.stringify(value)),
  },
  { weight: 1, arbitrary: hostileString },
);
/** Bytes that are not UTF-8, or far over the cap. */
const bodyBytes: fc.Arbitrary<Uint8Array<ArrayBuffer> | string> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((bytes) => new Uint8Array(bytes)),
  fc
    .integer({ min: MAX_BODY_BYTES - 16, max: MAX_BODY_BYTES * 3 })
    .map((size) => `{"a":"${"x".repeat(size)}"}`),
);
const contentType = fc.option(
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/octet-stream",
    "",
    "json",
  ),
  { nil: undefined },
);

/** What every answer must be: JSON, and a verdict, a 400 or a 413. */
async function expectJsonAnswer(path: string, response: Response): Promise<void> {
  expect([200, 400, 413]).toContain(response.status);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) {
    expect(typeof body["error"]).toBe("string");
    expect(typeof body["code"]).toBe("string");
  } else if (path === "/verify") {
    expect(typeof body["isValid"]).toBe("boolean");
  } else {
    expect(typeof body["success"]).toBe("boolean");
    expect(typeof body["transaction"]).toBe("string");
    expect(typeof body["network"]).toBe("string");
  }
}

describe("POST /verify and /settle on hostile bodies", () => {
  it(
    "answer JSON: a verdict, a 400 or a 413, never a 500 or a throw",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("/verify", "/settle"),
          fc.oneof({ weight: 9, arbitrary: bodyText }, { weight: 1, arbitrary: bodyBytes }),
          contentType,
          async (path, body, type) => {
            const before = events.length;
            const headers = type === undefined ? {} : { "Content-Type": type };
            const response = await facilitator.fetch(
              new Request(`http://facilitator.test${path}`, { method: "POST", body, headers }),
            );
            await expectJsonAnswer(path, response);
            expect(events.slice(before).filter((event) => event.type === "error")).toEqual([]);
            assertNoPrototypePollution();
          },
        ),
        runs(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
