// A stand-in payee and a request body it accepts, for tests of the facilitator's HTTP handling (routing, body
// validation, the body cap): no chain is needed to route, measure or refuse a body.
import type { SchemePayee } from "@paymux/core";

/** The one network the stand-in payee serves. */
export const NETWORK = "eip155:999";

/** x402 v2 requirements on {@link NETWORK}. */
export const REQUIREMENTS = {
  scheme: "exact",
  network: NETWORK,
  amount: "1000",
  asset: "0x00000000000000000000000000000000000000aa",
  payTo: "0x00000000000000000000000000000000000000bb",
  maxTimeoutSeconds: 60,
  extra: { name: "USDC", version: "2" },
};

/** A `/verify` or `/settle` body paying {@link REQUIREMENTS}; the signature is a secret no answer may echo. */
export const BODY = {
  x402Version: 2,
  paymentPayload: { x402Version: 2, accepted: REQUIREMENTS, payload: { signature: "0xsecret-signature" } },
  paymentRequirements: REQUIREMENTS,
};

/** An `exact` payee on {@link NETWORK} that accepts and settles every payment, with `overrides` applied. */
export function standInPayee(overrides: Partial<SchemePayee> = {}): SchemePayee {
  return {
    scheme: "exact",
    networks: [NETWORK],
    createOffer: () => undefined,
    replayKeys: () => ["stand-in"],
    verify: async () => ({ valid: true, payer: "0xpayer" }),
    settle: async (_, offer) => ({
      success: true,
      transaction: "0xtx",
      network: offer.network,
      payer: "0xpayer",
    }),
    signers: () => ["0xsettler"],
    ...overrides,
  };
}
