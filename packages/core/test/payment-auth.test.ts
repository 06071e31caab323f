import { describe, expect, it } from "vitest";
import {
  acceptPaymentWeight,
  computeChallengeId,
  createPaymentChallenge,
  createPaymentCredential,
  createProblem,
  decodeBase64UrlJson,
  decodeChargeRequest,
  decodePaymentCredential,
  decodePaymentReceipt,
  encodeBase64UrlJson,
  encodeChargeRequest,
  encodePaymentChallenge,
  encodePaymentCredential,
  encodePaymentReceipt,
  groupOffersForPaymentAuth,
  type Offer,
  parseAcceptPayment,
  paymentFromCredential,
  readPaymentAuthOffers,
  readPaymentChallenges,
  receiptToPaymentReceipt,
  verifyChallengeId,
} from "../src/index.js";
import { errorCodeAsync } from "./error-code.js";
import {
  CORE_CHALLENGE,
  CORE_CREDENTIAL,
  CORE_CREDENTIAL_JSON,
  CORE_RECEIPT,
  E1,
  E2,
  HMAC_SECRET,
  HMAC_VECTORS,
  SOL_REQUEST,
} from "./vectors.js";

const REALM = "api.example.com";

describe("challenge id HMAC vectors (payment-auth.md §2)", () => {
  it.each(HMAC_VECTORS)("id $id", async (vector) => {
    const challenge = await createPaymentChallenge({
      secret: HMAC_SECRET,
      realm: REALM,
      method: "tempo",
      request: vector.request as never,
      ...(vector.expires ? { expires: vector.expires } : {}),
      ...(vector.digest ? { digest: vector.digest } : {}),
      ...(vector.opaque ? { opaque: vector.opaque } : {}),
    });
    expect(challenge.id).toBe(vector.id);
  });

  it("binds exactly the 7 slots; description does not change the id", async () => {
    const fields = {
      realm: REALM,
      method: "tempo",
      intent: "charge",
      request: "eyJhbW91bnQiOiIxMDAwMDAwIn0",
    };
    expect(await computeChallengeId(HMAC_SECRET, fields)).toBe(HMAC_VECTORS[0]?.id);
    const withDescription = await createPaymentChallenge({
      secret: HMAC_SECRET,
      realm: REALM,
      method: "tempo",
      request: { amount: "1000000" } as never,
      description: "changes nothing",
    });
    expect(withDescription.id).toBe(HMAC_VECTORS[0]?.id);
  });
});

describe("IETF Payment golden headers (payment-auth.md §7)", () => {
  it("E1 evm challenge is produced byte for byte from its request", async () => {
    const challenge = await createPaymentChallenge({
      secret: HMAC_SECRET,
      realm: REALM,
      method: "evm",
      request: E1.request,
      expires: E1.expires,
    });
    expect(encodePaymentChallenge(challenge)).toBe(E1.header);
  });

  it("E2 solana challenge is produced byte for byte from its request", async () => {
    const challenge = await createPaymentChallenge({
      secret: HMAC_SECRET,
      realm: REALM,
      method: "solana",
      request: E2.request,
      expires: E2.expires,
    });
    expect(encodePaymentChallenge(challenge)).toBe(E2.header);
  });

  it("the SOL request example canonicalizes to the printed base64url and id", async () => {
    expect(encodeChargeRequest(SOL_REQUEST.request)).toBe(SOL_REQUEST.encoded);
    const challenge = await createPaymentChallenge({
      secret: HMAC_SECRET,
      realm: REALM,
      method: "solana",
      request: SOL_REQUEST.request,
      expires: SOL_REQUEST.expires,
    });
    expect(challenge.id).toBe(SOL_REQUEST.id);
  });

  it("the core challenge parses, including its param order, and its request decodes to the bytes' content", () => {
    const { challenges, rejected } = readPaymentChallenges(CORE_CHALLENGE);
    expect(rejected).toEqual([]);
    expect(challenges[0]).toMatchObject({
      id: "x7Tg2pLqR9mKvNwY3hBcZa",
      method: "example",
      expires: "2025-01-15T12:05:00Z",
    });
    expect(decodeChargeRequest(challenges[0]?.request ?? "")).toEqual({
      amount: "1000",
      currency: "USD",
      recipient: "acct_123",
    });
  });

  it("the core credential decodes to exactly the printed JSON (non-JCS input accepted)", () => {
    const credential = decodePaymentCredential(CORE_CREDENTIAL);
    expect(credential).toEqual(JSON.parse(CORE_CREDENTIAL_JSON));
    expect(encodePaymentCredential(credential)).toBe(CORE_CREDENTIAL);
  });

  it("the core receipt decodes", () => {
    expect(decodePaymentReceipt(CORE_RECEIPT)).toEqual({
      status: "success",
      method: "invoice",
      timestamp: "2025-01-15T12:00:00Z",
      reference: "inv_12345",
    });
  });
});

describe("challenge verification", () => {
  async function e1() {
    const [challenge] = readPaymentChallenges(E1.header).challenges;
    if (!challenge) throw new Error("no challenge");
    return challenge;
  }

  it("accepts the echo with the right secret, with padding, and during rotation", async () => {
    const challenge = await e1();
    expect(await verifyChallengeId(challenge, HMAC_SECRET)).toBe(true);
    // E1's request needs no padding; this one does (its base64url length is not a multiple of 4).
    const small = await createPaymentChallenge({
      secret: HMAC_SECRET,
      realm: REALM,
      method: "evm",
      request: { amount: "12", currency: "xy" },
    });
    const padded = small.request.padEnd(Math.ceil(small.request.length / 4) * 4, "=");
    expect(padded).not.toBe(small.request);
    expect(await verifyChallengeId({ ...small, request: padded }, HMAC_SECRET)).toBe(true);
    expect(await verifyChallengeId(challenge, ["a-newer-secret-of-thirty-two-bytes!!", HMAC_SECRET])).toBe(
      true,
    );
  });

  it("rejects a wrong secret, a changed amount, a changed expiry, a changed realm and garbage", async () => {
    const challenge = await e1();
    expect(await verifyChallengeId(challenge, "another-secret")).toBe(false);
    const cheaper = encodeBase64UrlJson({ ...E1.request, amount: "1" });
    expect(await verifyChallengeId({ ...challenge, request: cheaper }, HMAC_SECRET)).toBe(false);
    expect(await verifyChallengeId({ ...challenge, expires: "2099-01-01T00:00:00Z" }, HMAC_SECRET)).toBe(
      false,
    );
    expect(await verifyChallengeId({ ...challenge, realm: "evil.example" }, HMAC_SECRET)).toBe(false);
    expect(await verifyChallengeId({ ...challenge, request: "!!!" }, HMAC_SECRET)).toBe(false);
  });
});

describe("IETF Payment ↔ model", () => {
  const evmOffer: Offer = {
    scheme: "exact",
    network: "eip155:84532",
    asset: E1.request.currency,
    amount: 1000000n,
    payTo: E1.request.recipient,
    maxTimeoutSeconds: 300,
    extra: { name: "USDC", version: "2" },
  };

  it("groups server offers into E1's exact request", () => {
    const [group] = groupOffersForPaymentAuth([evmOffer]);
    expect(group?.method).toBe("evm");
    expect(encodeChargeRequest(group?.request as never)).toBe(encodeChargeRequest(E1.request));
  });

  it("puts exact and push of one price in one evm challenge with both credential types", () => {
    const groups = groupOffersForPaymentAuth([evmOffer, { ...evmOffer, scheme: "push" }]);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.request.methodDetails).toMatchObject({ credentialTypes: ["authorization", "hash"] });
  });

  it("reads E1 as an exact offer and builds the credential the spec prints", () => {
    const [challenge] = readPaymentChallenges(E1.header).challenges;
    const offers = readPaymentAuthOffers(challenge as never, { now: Date.parse("2026-04-01T12:00:00Z") });
    expect(offers).toHaveLength(1);
    const [offer] = offers;
    expect(offer).toMatchObject({
      scheme: "exact",
      network: "eip155:84532",
      amount: 1000000n,
      maxTimeoutSeconds: 300,
    });
    if (offer?.source.dialect !== "payment-auth") throw new Error("wrong dialect");
    const payload = {
      from: E1.from,
      to: E1.request.recipient,
      value: "1000000",
      validAfter: "0",
      validBefore: "1775045100",
      nonce: E1.nonce,
      signature: E1.signature,
    };
    const credential = createPaymentCredential(offer.source, payload, `did:pkh:eip155:84532:${E1.from}`);
    expect(credential.payload["type"]).toBe("authorization");
    const decoded = decodePaymentCredential(encodePaymentCredential(credential));
    const payment = paymentFromCredential(decoded);
    expect(payment).toMatchObject({ dialect: "payment-auth", scheme: "exact", network: "eip155:84532" });
    expect(payment.accepted?.amount).toBe(1000000n);
  });

  it("an expired challenge yields no offer", () => {
    const [challenge] = readPaymentChallenges(E1.header).challenges;
    expect(readPaymentAuthOffers(challenge as never, { now: Date.parse("2026-04-01T12:06:00Z") })).toEqual(
      [],
    );
  });

  it("reads E2 (SOL, devnet, no sponsor) as push and exact with the externalId memo", () => {
    const [challenge] = readPaymentChallenges(E2.header).challenges;
    const offers = readPaymentAuthOffers(challenge as never, { now: Date.parse("2026-03-15T12:00:00Z") });
    expect(offers.map((o) => o.scheme)).toEqual(["push", "exact"]);
    expect(offers[0]).toMatchObject({
      network: "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1",
      asset: "sol",
      amount: 10000000n,
      extra: { memo: "order-42" },
    });
  });

  it("a receipt carries challengeId and chainId and round-trips", () => {
    const receipt = receiptToPaymentReceipt(
      { success: true, transaction: "0xabc", network: "eip155:84532", timestamp: "2026-04-01T12:04:58Z" },
      "evm",
      "pBm1",
    );
    expect(receipt).toEqual({
      status: "success",
      method: "evm",
      timestamp: "2026-04-01T12:04:58Z",
      reference: "0xabc",
      challengeId: "pBm1",
      chainId: 84532,
    });
    expect(decodePaymentReceipt(encodePaymentReceipt(receipt))).toEqual(receipt);
  });

  it("problem bodies use the paymentauth.org types", () => {
    expect(createProblem("verification-failed", { title: "Transfer Mismatch", challengeId: "x" })).toEqual({
      type: "https://paymentauth.org/problems/verification-failed",
      title: "Transfer Mismatch",
      status: 402,
      challengeId: "x",
    });
  });
});

describe("Accept-Payment", () => {
  it("parses the spec example and picks the most specific range", () => {
    const ranges = parseAcceptPayment("tempo/*, solana/*;q=0.6, */session;q=0.3");
    expect(ranges).toEqual([
      { method: "tempo", intent: "*", q: 1 },
      { method: "solana", intent: "*", q: 0.6 },
      { method: "*", intent: "session", q: 0.3 },
    ]);
    expect(acceptPaymentWeight(ranges, "solana", "charge")).toBe(0.6);
    expect(acceptPaymentWeight(ranges, "evm", "charge")).toBeUndefined();
    expect(acceptPaymentWeight(parseAcceptPayment("*/*;q=0.1, evm/charge;q=0"), "evm", "charge")).toBe(0);
  });

  it.each(["evm", "evm/charge;q=2", "EVM/charge", "evm/charge;x=1", "evm/charge;q=0.1234", "/charge"])(
    "rejects %s",
    async (value) => {
      expect(await errorCodeAsync(() => parseAcceptPayment(value))).toBe("HEADER_MALFORMED");
    },
  );
});

describe("IETF Payment malformed input", () => {
  const good = decodeBase64UrlJson(CORE_CREDENTIAL.slice(8)) as Record<string, unknown>;
  const challenge = good["challenge"] as Record<string, unknown>;
  const cred = (value: unknown) => `Payment ${encodeBase64UrlJson(value)}`;

  it.each([
    ["empty", ""],
    ["other scheme", "Bearer abc"],
    ["no token", "Payment"],
    ["standard base64 alphabet", "Payment ab+/"],
    ["two credentials", `${CORE_CREDENTIAL}, ${CORE_CREDENTIAL}`],
    ["not JSON", "Payment bm90IGpzb24"],
    ["JSON string", cred("x")],
    ["no challenge", cred({ payload: {} })],
    ["no payload", cred({ challenge })],
    ["empty id", cred({ ...good, challenge: { ...challenge, id: "" } })],
    ["request not base64url", cred({ ...good, challenge: { ...challenge, request: "a b" } })],
    ["payload array", cred({ ...good, payload: [] })],
  ])("credential %s → CREDENTIAL_MALFORMED", async (_name, header) => {
    expect(await errorCodeAsync(() => decodePaymentCredential(header))).toBe("CREDENTIAL_MALFORMED");
  });

  it("an oversized credential → HEADER_TOO_LARGE", async () => {
    expect(await errorCodeAsync(() => decodePaymentCredential(`Payment ${"a".repeat(17_000)}`))).toBe(
      "HEADER_TOO_LARGE",
    );
  });

  it.each([
    ["missing id", 'Payment realm="r", method="evm", intent="charge", request="e30"'],
    ["empty id", 'Payment id="", realm="r", method="evm", intent="charge", request="e30"'],
    ["uppercase method", 'Payment id="a", realm="r", method="EVM", intent="charge", request="e30"'],
    ["missing request", 'Payment id="a", realm="r", method="evm", intent="charge"'],
    [
      "bad expires",
      'Payment id="a", realm="r", method="evm", intent="charge", request="e30", expires="tomorrow"',
    ],
    ["token68 form", "Payment abcdef"],
    ["request with spaces", 'Payment id="a", realm="r", method="evm", intent="charge", request="e3 0"'],
    ["intent with space", 'Payment id="a", realm="r", method="evm", intent="ch arge", request="e30"'],
    ["missing realm", 'Payment id="a", method="evm", intent="charge", request="e30"'],
    ["missing intent", 'Payment id="a", realm="r", method="evm", request="e30"'],
  ])("challenge %s is rejected with CHALLENGE_INVALID, valid siblings kept", (_name, header) => {
    const { challenges, rejected } = readPaymentChallenges([header, E1.header]);
    expect(challenges).toHaveLength(1);
    expect(rejected.map((e) => e.code)).toEqual(["CHALLENGE_INVALID"]);
  });

  it("a duplicate param is a grammar error for the whole header", async () => {
    expect(await errorCodeAsync(() => readPaymentChallenges('Payment id="a", id="b"'))).toBe(
      "HEADER_MALFORMED",
    );
  });

  it.each([
    ["not JSON", "bm90IGpzb24", "JSON_MALFORMED"],
    [
      "status failure",
      encodeBase64UrlJson({ status: "failed", method: "evm", timestamp: "t", reference: "r" }),
      "RECEIPT_MALFORMED",
    ],
    [
      "no reference",
      encodeBase64UrlJson({ status: "success", method: "evm", timestamp: "t" }),
      "RECEIPT_MALFORMED",
    ],
  ])("receipt %s → %s", async (_name, header, expected) => {
    expect(await errorCodeAsync(() => decodePaymentReceipt(header))).toBe(expected);
  });

  it("a request with a float or negative amount is refused", async () => {
    expect(
      await errorCodeAsync(() => decodeChargeRequest(encodeBase64UrlJson({ amount: 1.5, currency: "sol" }))),
    ).toBe("CHALLENGE_INVALID");
    expect(
      await errorCodeAsync(() => decodeChargeRequest(encodeBase64UrlJson({ amount: "-1", currency: "sol" }))),
    ).toBe("CHALLENGE_INVALID");
  });

  it("an unknown credential type is SCHEME_UNSUPPORTED", async () => {
    const [challenge] = readPaymentChallenges(E1.header).challenges;
    const credential = { challenge: challenge as never, payload: { type: "permit2" } };
    expect(await errorCodeAsync(() => paymentFromCredential(credential))).toBe("SCHEME_UNSUPPORTED");
  });
});
