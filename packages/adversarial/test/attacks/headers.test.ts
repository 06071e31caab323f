// Unicode and control characters in credential headers: raw bytes over a real socket to the Express and Hono
// apps (Node's parser sees exactly what was sent), and the same values as Fetch Headers allow them into the
// framework-free handler. Every one must end in a 4xx with no content, never a 500 or a hang, and the server
// must keep serving honest payments afterwards.
import { beforeAll, describe, expect, it } from "vitest";
import {
  type Answer,
  editBase64Json,
  expectOneServed,
  expectRefused,
  expectServed,
  PRICE,
  SOL_PRICE,
  useArena,
} from "./harness.js";
import { rawGet, rawRequest, useApps } from "./sockets.js";

const arena = useArena("headers");
const appNamed = useApps(arena);
let valid: { v2: string; v1: string; ietf: string; legacy: string };

beforeAll(async () => {
  // Real credentials (never presented as they are): the mutations below start from well-formed values.
  valid = {
    v2: (await arena.credential("/a", { dialect: "x402-v2", scheme: "exact", chain: "evm" }))[
      "PAYMENT-SIGNATURE"
    ] as string,
    v1: (await arena.credential("/a", { dialect: "x402-v1", scheme: "exact", chain: "evm" }))[
      "X-PAYMENT"
    ] as string,
    ietf: (await arena.credential("/a", { dialect: "payment-auth", scheme: "exact", chain: "evm" }))
      .Authorization as string,
    legacy: (await arena.credential("/sol", { dialect: "payment-request", scheme: "push", chain: "solana" }))[
      "Payment-Receipt"
    ] as string,
  };
});

const utf8 = (text: string) => Buffer.from(text, "utf8").toString("latin1");
const insert = (value: string, at: number, bytes: string) => value.slice(0, at) + bytes + value.slice(at);

/** Hostile values of one header, as latin1 strings (one char per byte on the wire). */
function hostileValues(good: string): string[] {
  const middle = Math.floor(good.length / 2);
  return [
    utf8("Payment 🤑💸"),
    "\xff\xfe\x80\x81",
    "\xc0\xaf\xe0\x80\xaf", // overlong UTF-8
    insert(good, middle, "\x00"),
    insert(good, middle, "\x01"),
    insert(good, middle, "\x1b[31m"), // ANSI escape: log injection
    insert(good, middle, "\x7f"),
    insert(good, middle, "\r"),
    insert(good, middle, utf8("\u00a0")), // no-break space inside base64
    insert(good, middle, utf8("\u200b")), // zero-width space
    utf8("\ufeff") + good, // BOM before the credential
    // A Cyrillic look-alike: е in the IETF scheme name, А for the first character of the others.
    good.startsWith("Payment ")
      ? good.replace(/^Payment/, utf8("Paym\u0435nt"))
      : utf8("\u0410") + good.slice(1),
    utf8(good.replace(/[A-Za-z0-9]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0))).slice(
      0,
      4000,
    ), // full-width
    insert(good, middle, "\x85"), // NEL
    utf8("\u2028") + good, // line separator
  ];
}

/** A v2 credential whose JSON carries unicode and control characters in its fields. */
function hostileJson(): string[] {
  return [
    editBase64Json(valid.v2, (value) => {
      (value.accepted as Record<string, unknown>).scheme = "ex\u0430ct"; // Cyrillic а
    }),
    editBase64Json(valid.v2, (value) => {
      (value.accepted as Record<string, unknown>).network = "eip155:31337\u0000";
    }),
    editBase64Json(valid.v2, (value) => {
      (value.accepted as Record<string, unknown>).payTo =
        "\u202e" + String((value.accepted as Record<string, unknown>).payTo);
    }),
    editBase64Json(valid.v2, (value) => {
      ((value.payload as Record<string, unknown>).authorization as Record<string, unknown>).from =
        "0x\u0661\u0662";
    }),
  ];
}

const HEADERS: [name: string, good: () => string][] = [
  ["PAYMENT-SIGNATURE", () => valid.v2],
  ["X-PAYMENT", () => valid.v1],
  ["Authorization", () => valid.ietf],
  ["Payment-Receipt", () => valid.legacy],
];

/** Refused without content, by the server or by Node's parser (400/431), never 5xx. */
function expectRejected(answer: Answer, runs: number, what: string): void {
  expect(
    { status: answer.status, served: answer.body.includes("paid-content"), runs },
    JSON.stringify(what.slice(0, 120)),
  ).toMatchObject({ served: false, runs: 0 });
  expectRefused(answer, "4xx");
}

for (const name of ["express", "hono"] as const) {
  const app = () => appNamed(name);
  describe(`raw bytes over a socket to ${name}`, () => {
    for (const [header, good] of HEADERS) {
      it(`${header}: unicode, control characters, homoglyphs, BOMs`, async () => {
        for (const value of hostileValues(good())) {
          const path = header === "Payment-Receipt" ? "/sol" : "/a";
          const answer = await rawRequest(app().port, rawGet(path, [`${header}: ${value}`]));
          expectRejected(answer, app().runs(path), value);
        }
      });
    }

    it("header injection, obs-fold, duplicates, oversized and non-token header names", async () => {
      const lines: (string | Buffer)[][] = [
        [`PAYMENT-SIGNATURE: x\nPAYMENT-SIGNATURE: ${valid.v2}`],
        [`PAYMENT-SIGNATURE: ${valid.v2}`, `PAYMENT-SIGNATURE: ${valid.v2}`],
        [`PAYMENT-SIGNATURE: ${valid.v2}`, "PAYMENT-SIGNATURE: junk"],
        [`Authorization: ${valid.ietf}`, `Authorization: ${valid.ietf}`],
        [`PAYMENT-SIGNATURE: ${valid.v2.slice(0, 20)}`, ` ${valid.v2.slice(20)}`], // obs-fold
        [`PAYMENT-SIGNATURE: ${"A".repeat(70_000)}`],
        [`PAYMENT-SIGNATURE${utf8("\u200b")}: ${valid.v2}`],
        [`PAYMENT SIGNATURE: ${valid.v2}`],
        [Buffer.concat([Buffer.from("X-PAYMENT: "), Buffer.from(valid.v1), Buffer.from([0xed, 0xa0, 0x80])])], // lone surrogate
        ...hostileJson().map((value) => [`PAYMENT-SIGNATURE: ${value}`]),
      ];
      for (const set of lines) {
        expectRejected(await rawRequest(app().port, rawGet("/a", set)), app().runs("/a"), set.join(" | "));
      }
      for (const path of ["/a\xff", "/a%00", utf8("/a/\u202e"), "/a?\x01"]) {
        const answer = await rawRequest(app().port, rawGet(path, [`PAYMENT-SIGNATURE: ${valid.v2}`]));
        expectRejected(answer, app().runs("/a"), path);
      }
    });
  });
}

describe("legacy Payment-Receipt: bytes after the last parameter", () => {
  it("are tolerated (the amount is informational): the payment is served once, its clean header then refused", async () => {
    // A fresh legacy payment, so `valid.legacy` stays unspent for the last test.
    const pick = { dialect: "payment-request", scheme: "push", chain: "solana" } as const;
    const before = await arena.recipient("solana", "native");
    const clean = (await arena.credential("/sol", pick))["Payment-Receipt"] as string;
    const answers = [];
    for (const tail of ["\x85", "junk", '"', "\x01"])
      answers.push(await arena.request("/sol", { "Payment-Receipt": clean + tail }));
    answers.push(await arena.request("/sol", { "Payment-Receipt": clean }));
    expectOneServed(answers);
    expect(arena.runs("/sol")).toBe(1);
    expect((await arena.recipient("solana", "native")) - before).toBe(SOL_PRICE);
  });
});

describe("the same values through the framework-free fetch handler", () => {
  it("every value Fetch Headers accept is refused with a 402, never a 500", async () => {
    for (const [header, good] of HEADERS) {
      const path = header === "Payment-Receipt" ? "/sol" : "/a";
      for (const value of [
        ...hostileValues(good()),
        ...(header === "PAYMENT-SIGNATURE" ? hostileJson() : []),
      ]) {
        let headers: Headers;
        try {
          headers = new Headers({ [header]: value });
        } catch {
          continue; // NUL, CR and LF never reach a Fetch handler
        }
        expectRefused(await arena.request(path, headers), "4xx");
      }
    }
    expect(arena.runs("/a")).toBe(0);
  });
});

describe("after the barrage", () => {
  it("the untouched credentials still pay, once, on every path", async () => {
    const before = await arena.recipient("evm");
    expectServed(await appNamed("express").request("/a", { "PAYMENT-SIGNATURE": valid.v2 }));
    expectServed(await appNamed("hono").request("/a", { "X-PAYMENT": valid.v1 }));
    expectServed(await arena.request("/a", { Authorization: valid.ietf }));
    expectServed(await arena.request("/sol", { "Payment-Receipt": valid.legacy }));
    expect((await arena.recipient("evm")) - before).toBe(3n * PRICE);
  });
});
