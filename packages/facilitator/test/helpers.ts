// Builds facilitator request bodies the way a resource server does: its own requirements, and the payment a
// real client produced from them (x402 v2 through the wire round trip, v1 through core's v1 codecs).
import {
  createPaymentPayloadV1,
  matchNetworkPattern,
  type Offer,
  offerToRequirementsV1,
  offerToRequirementsV2,
  readOffersV1,
  type SchemePayer,
} from "@paymux/core";
import { payX402 } from "@paymux/testing/payments";
import type { Facilitator } from "../src/index.js";

/** A `/verify` or `/settle` body (plain JSON). */
export type Body = {
  x402Version: 1 | 2;
  paymentPayload: Record<string, unknown>;
  paymentRequirements: Record<string, unknown>;
};

/** POSTs `body` (JSON unless a string) to `path` of the facilitator. */
export function post(facilitator: Facilitator, path: string, body: unknown): Promise<Response> {
  return facilitator.fetch(
    new Request(`http://facilitator.test${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

/** GET `path` of the facilitator. */
export function get(facilitator: Facilitator, path: string): Promise<Response> {
  return facilitator.fetch(new Request(`http://facilitator.test${path}`));
}

/** The `exact` payer of `payers` for `network`. */
export function exactPayer(payers: readonly SchemePayer[], network: string): SchemePayer {
  const payer = payers.find(
    (entry) =>
      entry.scheme === "exact" &&
      entry.networks.some((pattern) => matchNetworkPattern(pattern, network) >= 0),
  );
  if (!payer) throw new Error(`no exact payer for ${network}`);
  return payer;
}

/** An x402 v2 body paying `offer`. */
export async function payV2(payer: SchemePayer, offer: Offer): Promise<Body> {
  const { payment } = await payX402(payer, offer);
  if (payment.source.dialect !== "x402-v2") throw new Error("not an x402 v2 payment");
  return {
    x402Version: 2,
    paymentPayload: payment.source.payload,
    paymentRequirements: offerToRequirementsV2(offer),
  };
}

/** An x402 v1 body paying `offer` (v1 network names where v1 has them). */
export async function payV1(payer: SchemePayer, offer: Offer): Promise<Body> {
  const requirements = offerToRequirementsV1(offer, { url: "https://api.test/data", description: "data" });
  const [received] = readOffersV1({ x402Version: 1, accepts: [requirements] });
  if (received?.source.dialect !== "x402-v1") throw new Error("not an x402 v1 offer");
  const created = await payer.createPayload(received, { dialect: "x402-v1" });
  return {
    x402Version: 1,
    paymentPayload: createPaymentPayloadV1(received.source, created.payload),
    paymentRequirements: requirements,
  };
}

/** A copy of `body` whose requirements (and, in v2, `accepted`) ask for `amount` instead. */
export function withAmount(body: Body, amount: string): Body {
  const copy = structuredClone(body);
  if (copy.x402Version === 2) {
    copy.paymentRequirements["amount"] = amount;
    (copy.paymentPayload["accepted"] as Record<string, unknown>)["amount"] = amount;
  } else {
    copy.paymentRequirements["maxAmountRequired"] = amount;
  }
  return copy;
}
