// Amount attacks in credentials: underpayment by one atomic unit in every scheme, and values a parser could
// wrap, truncate or misread (2^256 and beyond, negative, float, exponent, hex, padded, non-strings) in EVM
// authorizations, in x402 v2 `accepted` echoes, in v1 payloads and in IETF request echoes.
import type { ReceivedOffer } from "@paymux/core";
import { describe, expect, it } from "vitest";
import {
  EXACTS,
  editBase64Json,
  editPaymentCredential,
  expectRefused,
  expectServed,
  field,
  type Pick,
  PRICE,
  PUSHES,
  SOL_PRICE,
  signOffer,
  useArena,
} from "./harness.js";

const arena = useArena("amounts");

const TWO_256 = 1n << 256n;
const TWO_64 = 1n << 64n;
/** Values that are not the canonical decimal string of the price, each a way a lax parser could go wrong. */
const HOSTILE = (price: bigint): unknown[] => [
  String(TWO_256),
  String(TWO_256 + price), // wraps to the price under uint256 arithmetic
  String(TWO_256 * 2n + price),
  String(TWO_256 - 1n),
  String(TWO_64 + price), // wraps to the price under u64 arithmetic
  `1${"0".repeat(100)}`,
  `-${price}`,
  `${price}.0`,
  `${price}.5`,
  "1e3",
  `${Number(price) / 1000}e3`,
  `0x${price.toString(16)}`,
  `0${price}`,
  ` ${price}`,
  `${price} `,
  `${price}\u0000`,
  `+${price}`,
  "NaN",
  "Infinity",
  "",
  Number(price),
  -Number(price),
  1e3,
  null,
  true,
  [String(price)],
  { value: String(price) },
];

const headerSafe = (value: string) => {
  try {
    return new Headers({ probe: value }).get("probe") === value;
  } catch {
    return false;
  }
};

/** An offer whose amount the (fooled or malicious) payer changes before signing. */
const shifted = (offer: ReceivedOffer, delta: bigint): ReceivedOffer => ({
  ...offer,
  amount: offer.amount + delta,
});

describe("underpayment by one atomic unit: refused, nothing served", () => {
  for (const pick of EXACTS) {
    it(`${pick.dialect} exact on ${pick.chain}: signed for price − 1, no transfer`, async () => {
      const before = await arena.recipient(pick.chain);
      const runs = arena.runs("/a");
      const headers = await signOffer(shifted(await arena.offer("/a", pick), -1n), arena.payer.payers);
      expectRefused(await arena.request("/a", headers));
      expect(arena.runs("/a")).toBe(runs);
      expect(await arena.recipient(pick.chain)).toBe(before);
    });
  }

  for (const pick of PUSHES) {
    it(`${pick.dialect} push on ${pick.chain}: a transfer of price − 1 buys nothing`, async () => {
      const before = await arena.recipient(pick.chain, pick.asset);
      const headers = await signOffer(shifted(await arena.offer(pick.path, pick), -1n), arena.payer.payers);
      expectRefused(await arena.request(pick.path, headers));
      expect(arena.runs(pick.path)).toBe(0);
      // The payer's own transfer landed (it broadcast it); nothing more moved.
      expect((await arena.recipient(pick.chain, pick.asset)) - before).toBe(pick.price - 1n);
    });
  }
});

describe("hostile amounts in credentials: refused (4xx), never a crash, nothing moves", () => {
  const evm: Pick = { dialect: "x402-v2", scheme: "exact", chain: "evm" };

  it("EVM authorization `value` (x402 v2 and v1), then the untouched credential still pays once", async () => {
    const before = await arena.recipient("evm");
    const v2 = await arena.credential("/a", evm);
    const v1 = await arena.credential("/a", { ...evm, dialect: "x402-v1" });
    for (const value of HOSTILE(PRICE)) {
      const edited = editBase64Json(v2["PAYMENT-SIGNATURE"] as string, (credential) => {
        field(credential, "payload", "authorization").value = value;
      });
      expectRefused(await arena.request("/a", { "PAYMENT-SIGNATURE": edited }));
      const editedV1 = editBase64Json(v1["X-PAYMENT"] as string, (credential) => {
        field(credential, "payload", "authorization").value = value;
      });
      expectRefused(await arena.request("/a", { "X-PAYMENT": editedV1 }));
    }
    expect(await arena.recipient("evm")).toBe(before);
    // The refusals burnt nothing: each untouched credential still pays, once.
    expectServed(await arena.request("/a", v2));
    expectServed(await arena.request("/a", v1));
    expect((await arena.recipient("evm")) - before).toBe(2n * PRICE);
  });

  it("EVM authorization time fields at uint256 and beyond", async () => {
    const before = await arena.recipient("evm");
    const runs = arena.runs("/a");
    const v2 = await arena.credential("/a", evm);
    for (const name of ["validAfter", "validBefore", "nonce"]) {
      for (const value of HOSTILE(1n)) {
        const edited = editBase64Json(v2["PAYMENT-SIGNATURE"] as string, (credential) => {
          field(credential, "payload", "authorization")[name] = value;
        });
        expectRefused(await arena.request("/a", { "PAYMENT-SIGNATURE": edited }));
      }
    }
    expect(await arena.recipient("evm")).toBe(before);
    expect(arena.runs("/a")).toBe(runs);
  });

  for (const chain of ["evm", "solana"] as const) {
    it(`x402 v2 \`accepted.amount\` echoes on ${chain}`, async () => {
      const before = await arena.recipient(chain);
      const v2 = await arena.credential("/b", { ...evm, chain });
      for (const amount of HOSTILE(PRICE)) {
        const edited = editBase64Json(v2["PAYMENT-SIGNATURE"] as string, (credential) => {
          field(credential, "accepted").amount = amount;
        });
        expectRefused(await arena.request("/b", { "PAYMENT-SIGNATURE": edited }));
      }
      expect(await arena.recipient(chain)).toBe(before);
      expect(arena.runs("/b")).toBe(0);
    });
  }

  it("x402 v1 payloads echoing a `maxAmountRequired` that matches an underpaid authorization", async () => {
    const before = await arena.recipient("evm");
    const pick: Pick = { ...evm, dialect: "x402-v1" };
    const cheap = await signOffer(shifted(await arena.offer("/b", pick), -1n), arena.payer.payers);
    for (const echo of [...HOSTILE(PRICE), String(PRICE - 1n)]) {
      const edited = editBase64Json(cheap["X-PAYMENT"] as string, (credential) => {
        credential.maxAmountRequired = echo;
        credential.paymentRequirements = { maxAmountRequired: echo, amount: echo };
        field(credential, "payload").maxAmountRequired = echo;
      });
      expectRefused(await arena.request("/b", { "X-PAYMENT": edited }));
    }
    expect(await arena.recipient("evm")).toBe(before);
  });

  it("IETF request echoes with hostile amounts (the challenge HMAC covers them)", async () => {
    const before = await arena.recipient("evm");
    const ietf = await arena.credential("/b", { ...evm, dialect: "payment-auth" });
    for (const amount of HOSTILE(PRICE)) {
      const edited = editPaymentCredential(ietf.Authorization as string, (credential) => {
        const challenge = field(credential, "challenge");
        const request = JSON.parse(Buffer.from(String(challenge.request), "base64url").toString());
        request.amount = amount;
        challenge.request = Buffer.from(JSON.stringify(request)).toString("base64url");
      });
      expectRefused(await arena.request("/b", { Authorization: edited }));
      const payload = editPaymentCredential(ietf.Authorization as string, (credential) => {
        field(credential, "payload").value = amount;
      });
      expectRefused(await arena.request("/b", { Authorization: payload }));
    }
    expect(await arena.recipient("evm")).toBe(before);
    expect(arena.runs("/b")).toBe(0);
  });

  it("legacy Payment-Receipt `amount` claims on an underpaid SOL transfer", async () => {
    const pick: Pick = { dialect: "payment-request", scheme: "push", chain: "solana" };
    const before = await arena.recipient("solana", "native");
    const headers = await signOffer(shifted(await arena.offer("/sol", pick), -1n), arena.payer.payers);
    const receipt = headers["Payment-Receipt"] as string;
    for (const amount of [...HOSTILE(SOL_PRICE), "0.001", "1000000"]) {
      const claim = typeof amount === "string" ? amount.replace(/"/g, "") : JSON.stringify(amount);
      const edited = receipt.replace(/amount="[^"]*"/, `amount="${claim}"`);
      // fetch's Headers refuse NUL and edge blanks; headers.test.ts sends those over a raw socket.
      if (!headerSafe(edited)) continue;
      expectRefused(await arena.request("/sol", { "Payment-Receipt": edited }), "4xx");
    }
    expect((await arena.recipient("solana", "native")) - before).toBe(SOL_PRICE - 1n);
    expect(arena.runs("/sol")).toBe(0);
  });
});
