import { describe, expect, it } from "vitest";
import {
  decodeLegacyReceipt,
  decodePaymentRequest,
  decodeX402AuthChallenges,
  encodeLegacyReceipt,
  encodePaymentRequest,
  encodeX402AuthChallenge,
  legacyPaymentBody,
  type Offer,
} from "../src/index.js";
import { errorCode } from "./error-code.js";

const RECIPIENT = "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU";
const SIGNATURE = "3ogcCKZMrwQtzcWc1dmvYrfWwHwBVKrsm3dGzpTseNPXVgaJYRdcFbtUWHBsuAYfBKP73XDNdV5hMzbDsjxzmLPE";
const SOL_OFFER: Offer = {
  scheme: "push",
  network: "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1",
  asset: "sol",
  amount: 1_000_000n,
  payTo: RECIPIENT,
  maxTimeoutSeconds: 300,
  extra: {},
};

describe("legacy Payment-Request", () => {
  it("writes the reference header and reads it back to the same offer", () => {
    const header = encodePaymentRequest(SOL_OFFER);
    expect(header).toBe(`solana; amount="0.001"; recipient="${RECIPIENT}"; network="devnet"`);
    expect(decodePaymentRequest(header)).toMatchObject({
      ...SOL_OFFER,
      source: { dialect: "payment-request" },
    });
  });

  it("reads the reference parser's tolerated forms: unquoted values, odd spacing, uppercase keys", () => {
    const offer = decodePaymentRequest(
      `solana;AMOUNT=0.5 ;  recipient = ${RECIPIENT};network="mainnet";junk`,
    );
    expect(offer).toMatchObject({ amount: 500_000_000n, network: "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp" });
  });

  it("writes the 402 body of the reference server", () => {
    expect(legacyPaymentBody(SOL_OFFER)).toEqual({
      amount: "0.001",
      currency: "SOL",
      recipient: RECIPIENT,
      network: "devnet",
    });
  });

  it("refuses offers it cannot carry (USDC, exact, unnamed cluster)", () => {
    expect(
      errorCode(() =>
        encodePaymentRequest({ ...SOL_OFFER, asset: "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v" }),
      ),
    ).toBe("DIALECT_UNSUPPORTED");
    expect(errorCode(() => encodePaymentRequest({ ...SOL_OFFER, scheme: "exact" }))).toBe(
      "DIALECT_UNSUPPORTED",
    );
    expect(
      errorCode(() => encodePaymentRequest({ ...SOL_OFFER, network: "solana:unknownunknownunknown" })),
    ).toBe("DIALECT_UNSUPPORTED");
  });

  it.each([
    ["not solana", `bitcoin; amount="1"; recipient="${RECIPIENT}"; network="devnet"`, "DIALECT_UNSUPPORTED"],
    ["no amount", `solana; recipient="${RECIPIENT}"; network="devnet"`, "CHALLENGE_INVALID"],
    [
      "exponent (JS String(1e-7))",
      `solana; amount="1e-7"; recipient="${RECIPIENT}"; network="devnet"`,
      "CHALLENGE_INVALID",
    ],
    ["negative", `solana; amount="-1"; recipient="${RECIPIENT}"; network="devnet"`, "CHALLENGE_INVALID"],
    [
      "ten decimals",
      `solana; amount="0.0000000001"; recipient="${RECIPIENT}"; network="devnet"`,
      "AMOUNT_PRECISION_EXCEEDED",
    ],
    [
      "recipient not base58",
      `solana; amount="1"; recipient="0OIl${"x".repeat(40)}"; network="devnet"`,
      "CHALLENGE_INVALID",
    ],
    [
      "unknown cluster",
      `solana; amount="1"; recipient="${RECIPIENT}"; network="atlantis"`,
      "NETWORK_UNKNOWN",
    ],
    ["no network", `solana; amount="1"; recipient="${RECIPIENT}"`, "CHALLENGE_INVALID"],
    ["empty", "", "DIALECT_UNSUPPORTED"],
    ["only separators", ";;;", "DIALECT_UNSUPPORTED"],
    ["too large", `solana; amount="${"1".repeat(17_000)}"`, "HEADER_TOO_LARGE"],
  ])("%s → %s", (_name, header, expected) => {
    expect(errorCode(() => decodePaymentRequest(header))).toBe(expected);
  });
});

describe("legacy Payment-Receipt (client → server)", () => {
  it("round-trips a signature with its network", () => {
    const header = encodeLegacyReceipt({
      signature: SIGNATURE,
      network: SOL_OFFER.network,
      amount: 1_000_000n,
    });
    expect(header).toBe(`solana; signature="${SIGNATURE}"; network="devnet"; amount="0.001"`);
    expect(decodeLegacyReceipt(header)).toMatchObject({
      dialect: "payment-request",
      scheme: "push",
      network: SOL_OFFER.network,
      payload: { type: "signature", signature: SIGNATURE },
    });
  });

  it("uses the default network when the receipt names none", () => {
    expect(decodeLegacyReceipt(`solana; signature="${SIGNATURE}"`, SOL_OFFER.network).network).toBe(
      SOL_OFFER.network,
    );
  });

  it.each([
    ["no signature", `solana; network="devnet"`, "CREDENTIAL_MALFORMED"],
    ["signature not base58", `solana; signature="0x1234"; network="devnet"`, "CREDENTIAL_MALFORMED"],
    ["other method", `evm; signature="${SIGNATURE}"`, "CREDENTIAL_MALFORMED"],
    ["unknown network", `solana; signature="${SIGNATURE}"; network="atlantis"`, "NETWORK_UNKNOWN"],
    ["no network, no default", `solana; signature="${SIGNATURE}"`, "NETWORK_UNKNOWN"],
    ["empty", "", "CREDENTIAL_MALFORMED"],
    ["signature too short", `solana; signature="abc"`, "CREDENTIAL_MALFORMED"],
    [
      "signature with spaces",
      `solana; signature="${SIGNATURE.slice(0, 40)} ${SIGNATURE.slice(40)}"`,
      "CREDENTIAL_MALFORMED",
    ],
    [
      "network too long",
      `solana; signature="${SIGNATURE}"; network="${"d".repeat(40)}"`,
      "CREDENTIAL_MALFORMED",
    ],
    ["too large", `solana; signature="${"1".repeat(17_000)}"`, "HEADER_TOO_LARGE"],
  ])("%s → %s", (_name, header, expected) => {
    expect(errorCode(() => decodeLegacyReceipt(header))).toBe(expected);
  });
});

describe("WWW-Authenticate: x402 hints", () => {
  const usdcBase: Offer = {
    scheme: "exact",
    network: "eip155:8453",
    asset: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
    amount: 1000n,
    payTo: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
    maxTimeoutSeconds: 60,
    extra: {},
  };

  it("writes the conforming comma-separated form and reads it back", () => {
    const header = encodeX402AuthChallenge(usdcBase);
    expect(header).toBe('x402 amount="0.001", currency="USDC", network="base"');
    expect(decodeX402AuthChallenges(header ?? "")).toEqual([
      { amount: 1000n, currency: "USDC", network: "eip155:8453", asset: usdcBase.asset },
    ]);
  });

  it("reads the article's space-separated form only in explicit legacy mode", () => {
    const article = "x402 amount=0.001 currency=USDC network=base";
    expect(errorCode(() => decodeX402AuthChallenges(article))).toBe("HEADER_MALFORMED");
    expect(decodeX402AuthChallenges(article, { legacySpaceSeparated: true })[0]?.amount).toBe(1000n);
  });

  it("ignores other schemes and skips unknown networks or assets", () => {
    expect(decodeX402AuthChallenges('Bearer realm="x", x402 amount=1, currency=DOGE, network=base')).toEqual(
      [],
    );
    expect(decodeX402AuthChallenges("x402 amount=1, currency=USDC, network=atlantis")).toEqual([]);
  });

  it.each([
    ["no amount", "x402 currency=USDC, network=base", "CHALLENGE_INVALID"],
    ["exponent amount", "x402 amount=1e3, currency=USDC, network=base", "CHALLENGE_INVALID"],
    ["negative amount", 'x402 amount="-1", currency=USDC, network=base', "CHALLENGE_INVALID"],
    ["too precise", "x402 amount=0.0000001, currency=USDC, network=base", "AMOUNT_PRECISION_EXCEEDED"],
    ["no currency", "x402 amount=1, network=base", "CHALLENGE_INVALID"],
    ["no network", "x402 amount=1, currency=USDC", "CHALLENGE_INVALID"],
    ["unterminated quote", 'x402 amount="1, currency=USDC', "HEADER_MALFORMED"],
    ["duplicate param", "x402 amount=1, amount=2, currency=USDC, network=base", "HEADER_MALFORMED"],
    ["param before scheme", "amount=1, x402", "HEADER_MALFORMED"],
    ["too large", `x402 amount=${"1".repeat(17_000)}`, "HEADER_TOO_LARGE"],
  ])("%s → %s", (_name, header, expected) => {
    expect(errorCode(() => decodeX402AuthChallenges(header))).toBe(expected);
  });
});
