// A paymux server over in-process stand-in payees, for tests of what the server reads from a request (the
// credential headers), not of chains: every dialect is on, every payment is refused at verification, so a
// request can never reach the handler. Shared by the credential cap tests and the server fuzz target.
import {
  BASE_SEPOLIA,
  createPaymentCredential,
  decodePaymentRequired,
  encodeLegacyReceipt,
  encodePaymentCredential,
  encodePaymentSignature,
  encodeXPayment,
  type Offer,
  type PaymentRequiredV2,
  type ReceivedOffer,
  readPaymentAuthOffers,
  readPaymentChallenges,
  type SchemePayee,
  SOLANA_DEVNET,
} from "../src/index.js";
import { createPaymentServer, type PaymentEvent, type PaymentServer } from "../src/server/index.js";
import { SPEC_AUTHORIZATION, SPEC_SIGNATURE } from "./vectors.js";

const USDC_BASE_SEPOLIA = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
const USDC_DEVNET = "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU";
const FEE_PAYER = "EwWqGE4ZFKLofuestmU4LDdK7XM1N4ALgdZccwYugwGd";
/** Where the stand-in offers pay to. */
export const PAY_TO = {
  "eip155:*": "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
  "solana:*": "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU",
};
/** The paid route's URL. */
export const PAID_URL = "http://api.paymux.test/paid";
/** What the handler would serve; a test fails if it ever shows up in a response. */
export const PAID_CONTENT = "the paid content";

function standInPayee(scheme: string, network: Offer["network"], asset: string, extra = {}): SchemePayee {
  return {
    scheme,
    networks: [network],
    createOffer: ({ payTo, maxTimeoutSeconds }) => ({
      scheme,
      network,
      asset,
      amount: asset === "sol" ? 1_000_000n : 10_000n,
      payTo,
      maxTimeoutSeconds: maxTimeoutSeconds ?? 60,
      extra,
    }),
    // Deterministic, and bounded whatever the payload: the key is claimed, then released when verify refuses.
    replayKeys: (payment) => [
      `stand-in:${scheme}:${payment.network}:${JSON.stringify(payment.payload).length}`,
    ],
    verify: async () => ({
      valid: false,
      reason: "invalid_payload",
      message: "the stand-in refuses every payment",
    }),
    settle: async () => {
      throw new Error("a stand-in payee never settles");
    },
  };
}

/** Stand-ins for exact and push on Base Sepolia and Solana devnet: every dialect has something to offer. */
export function standInPayees(): SchemePayee[] {
  return [
    standInPayee("exact", BASE_SEPOLIA, USDC_BASE_SEPOLIA, { name: "USDC", version: "2" }),
    standInPayee("push", BASE_SEPOLIA, USDC_BASE_SEPOLIA),
    standInPayee("exact", SOLANA_DEVNET, USDC_DEVNET, { feePayer: FEE_PAYER }),
    standInPayee("push", SOLANA_DEVNET, "sol"),
  ];
}

/** A stand-in server, its events, and the route it charges. */
export type StandInServer = {
  server: PaymentServer;
  events: PaymentEvent[];
  /** Sends `headers` to the paid route; `handlerRan` says whether the handler was called. */
  request(headers: Headers | Record<string, string>): Promise<{ response: Response; handlerRan: boolean }>;
};

/** A server over {@link standInPayees} with a frozen clock, so its IETF challenges never expire mid-run. */
export function standInServer(): StandInServer {
  const events: PaymentEvent[] = [];
  const server = createPaymentServer({
    payees: standInPayees(),
    payTo: PAY_TO,
    networks: [BASE_SEPOLIA, SOLANA_DEVNET],
    secret: "stand-in-secret-stand-in-secret-stand-in",
    now: () => Date.parse("2030-01-01T00:00:00Z"),
    onEvent: (event) => events.push(event),
  });
  const route = { price: "$0.01", description: "paid data" };
  return {
    server,
    events,
    async request(headers) {
      let handlerRan = false;
      const response = await server.handle(new Request(PAID_URL, { headers }), route, async () => {
        handlerRan = true;
        return new Response(PAID_CONTENT);
      });
      return { response, handlerRan };
    },
  };
}

/** A stand-in for a Solana transaction: `bytes` random bytes, standard base64 (1,232 is Solana's maximum). */
export function fakeTransaction(bytes = 1232): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("base64");
}

function payloadFor(offer: Offer): Record<string, unknown> {
  if (offer.network.startsWith("eip155:")) {
    return offer.scheme === "exact"
      ? { signature: SPEC_SIGNATURE, authorization: SPEC_AUTHORIZATION }
      : { hash: `0x${"ab".repeat(32)}` };
  }
  return offer.scheme === "exact" ? { transaction: fakeTransaction() } : { signature: "5".repeat(88) };
}

/** Well-formed credentials in every dialect, answering the challenges of `challenge` (the server's 402). */
export function credentialsFor(challenge: Response): { header: string; value: string }[] {
  const credentials: { header: string; value: string }[] = [];
  const required = challenge.headers.get("PAYMENT-REQUIRED");
  if (required !== null) {
    const decoded: PaymentRequiredV2 = decodePaymentRequired(required);
    for (const accepted of decoded.accepts) {
      const offer = { ...accepted, amount: BigInt(accepted.amount), extra: accepted.extra ?? {} } as Offer;
      const payload = payloadFor(offer);
      credentials.push({
        header: "PAYMENT-SIGNATURE",
        value: encodePaymentSignature({ x402Version: 2, resource: decoded.resource, accepted, payload }),
      });
      const network = offer.network === BASE_SEPOLIA ? "base-sepolia" : "solana-devnet";
      credentials.push({
        header: "X-PAYMENT",
        value: encodeXPayment({ x402Version: 1, scheme: accepted.scheme, network, payload }),
      });
    }
  }
  const now = Date.parse("2030-01-01T00:00:00Z");
  for (const parsed of readPaymentChallenges(challenge.headers.get("WWW-Authenticate") ?? "").challenges) {
    for (const offer of readPaymentAuthOffers(parsed, { now })) {
      // An unsponsored Solana challenge also reads as `exact`, which this server never offers unsponsored.
      if (offer.network === SOLANA_DEVNET && offer.scheme === "exact" && !offer.extra["feePayer"]) continue;
      const source = offer.source as Extract<ReceivedOffer["source"], { dialect: "payment-auth" }>;
      const credential = createPaymentCredential(source, payloadFor(offer));
      credentials.push({ header: "Authorization", value: encodePaymentCredential(credential) });
    }
  }
  credentials.push({
    header: "Payment-Receipt",
    value: encodeLegacyReceipt({ signature: "5".repeat(88), network: SOLANA_DEVNET, amount: 1_000_000n }),
  });
  return credentials;
}
