// Routing, request validation and failure answers, with stand-in payees (no chain is needed to refuse a body).
import { PaymuxError, X402_REASONS } from "@paymux/core";
import { memoryStore, type PaymentStore } from "@paymux/core/server";
import { describe, expect, it } from "vitest";
import { createFacilitator, type FacilitatorEvent, MAX_BODY_BYTES } from "../src/index.js";
import { get, post } from "./helpers.js";
import { BODY, NETWORK, REQUIREMENTS, standInPayee } from "./stand-in.js";

describe("routing", () => {
  const facilitator = createFacilitator({ payees: [standInPayee()] });

  it("answers unknown paths with 404 JSON", async () => {
    for (const path of ["/", "/foo", "/verifyx", "/verify/more"]) {
      const response = await get(facilitator, path);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "Not found" });
    }
  });

  it("answers the wrong method with 405 and Allow", async () => {
    const verify = await get(facilitator, "/verify");
    expect(verify.status).toBe(405);
    expect(verify.headers.get("Allow")).toBe("POST");
    expect(await verify.json()).toEqual({ error: "Method not allowed" });
    const supported = await post(facilitator, "/supported", {});
    expect(supported.status).toBe(405);
    expect(supported.headers.get("Allow")).toBe("GET, HEAD");
  });

  it("matches the last path segment, so it can be mounted under a prefix", async () => {
    expect((await post(facilitator, "/api/x402/verify", BODY)).status).toBe(200);
    expect((await post(facilitator, "/settle/", BODY)).status).toBe(200);
  });
});

describe("malformed bodies", () => {
  const events: FacilitatorEvent[] = [];
  const facilitator = createFacilitator({ payees: [standInPayee()], onEvent: (event) => events.push(event) });
  const wrongVersion = { ...BODY, x402Version: 1 };
  const v1Requirements = { ...BODY, paymentRequirements: { ...REQUIREMENTS, amount: undefined } };
  const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
  const cases: [string, string | object][] = [
    ["not JSON", "{not json"],
    ["empty", ""],
    ["an empty object", {}],
    ["an array", []],
    ["null", "null"],
    ["a string x402Version", { ...BODY, x402Version: "2" }],
    ["a number as paymentPayload", { ...BODY, paymentPayload: 5 }],
    ["no paymentRequirements", { x402Version: 2, paymentPayload: BODY.paymentPayload }],
    [
      "a negative maxTimeoutSeconds",
      { ...BODY, paymentRequirements: { ...REQUIREMENTS, maxTimeoutSeconds: -1 } },
    ],
    ["a non-canonical amount", { ...BODY, paymentRequirements: { ...REQUIREMENTS, amount: "01" } }],
    ["versions that disagree", wrongVersion],
    ["v2 payload with v1-shaped requirements", v1Requirements],
    ["a deeply nested payload", JSON.stringify(BODY).replace('"0xsecret-signature"', deep)],
    ["deep nesting outside strings", `{"x402Version":2,"a":${deep}}`],
  ];

  it.each(cases)("answers %s with 400 and a clear error, on /verify and /settle", async (_, body) => {
    for (const path of ["/verify", "/settle"]) {
      const response = await post(facilitator, path, body);
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { error: unknown; code: unknown };
      expect(typeof answer.error).toBe("string");
      expect(typeof answer.code).toBe("string");
      expect(answer.error).not.toContain("secret");
    }
  });

  it("counts only real nesting, not brackets inside strings", async () => {
    const brackets = { ...BODY, paymentPayload: { ...BODY.paymentPayload, payload: { text: deep } } };
    expect((await post(facilitator, "/verify", brackets)).status).toBe(200);
  });

  it("refuses a body declared too large without reading it, and bytes that are not UTF-8", async () => {
    const declared = await facilitator.fetch(
      new Request("http://f.test/settle", {
        method: "POST",
        headers: { "Content-Length": String(MAX_BODY_BYTES + 1) },
        body: "{}",
      }),
    );
    expect(declared.status).toBe(413);
    const binary = await facilitator.fetch(
      new Request("http://f.test/verify", { method: "POST", body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }),
    );
    expect(binary.status).toBe(400);
    expect(await binary.json()).toMatchObject({ code: "JSON_MALFORMED" });
  });

  it("reports invalid requests as events carrying only the code", () => {
    const invalid = events.filter((event) => event.type === "invalid_request");
    expect(invalid.length).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toContain("secret");
  });
});

describe("failures", () => {
  it("answers an unexpected exception with 500 and no message, stack or secret", async () => {
    const events: FacilitatorEvent[] = [];
    const thrower = standInPayee({
      verify: async () => {
        throw new Error("RPC https://key-abc123@rpc.example failed with 0xsecret-signature");
      },
    });
    const facilitator = createFacilitator({ payees: [thrower], onEvent: (event) => events.push(event) });
    for (const path of ["/verify", "/settle"]) {
      const response = await post(facilitator, path, BODY);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ error: expect.any(String) });
      expect(text).not.toMatch(/secret|key-abc|at /);
    }
    expect(events).toEqual([
      expect.objectContaining({ type: "error", endpoint: "verify", name: "Error" }),
      expect.objectContaining({ type: "error", endpoint: "settle", name: "Error" }),
    ]);
  });

  it("answers 503 when the store is unavailable", async () => {
    const down: PaymentStore = {
      ...memoryStore(),
      claim: async () => {
        throw new PaymuxError("STORE_UNAVAILABLE", "Redis is down");
      },
    };
    const facilitator = createFacilitator({ payees: [standInPayee()], store: down });
    const response = await post(facilitator, "/settle", BODY);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: "STORE_UNAVAILABLE" });
  });

  it("turns payload errors a payee throws into invalid_payload answers", async () => {
    const malformed = () => {
      throw new PaymuxError("CREDENTIAL_MALFORMED", "The payload is not a transaction");
    };
    const facilitator = createFacilitator({
      payees: [standInPayee({ replayKeys: malformed, verify: malformed })],
    });
    const settle = await post(facilitator, "/settle", BODY);
    expect(settle.status).toBe(200);
    expect(await settle.json()).toMatchObject({
      success: false,
      errorReason: X402_REASONS.invalidPayload,
      transaction: "",
      network: NETWORK,
    });
    const verify = await post(facilitator, "/verify", BODY);
    expect(await verify.json()).toMatchObject({ isValid: false, invalidReason: X402_REASONS.invalidPayload });
  });

  it("survives a throwing event listener", async () => {
    const facilitator = createFacilitator({
      payees: [standInPayee()],
      onEvent: () => {
        throw new Error("listener");
      },
    });
    expect(await (await post(facilitator, "/settle", BODY)).json()).toMatchObject({ success: true });
  });
});

describe("configuration", () => {
  it("lists every payee's scheme on its concrete networks, wildcards left out", () => {
    const push = standInPayee({ scheme: "push", networks: ["eip155:1"] });
    const wildcard = standInPayee({ networks: ["solana:*"] });
    const facilitator = createFacilitator({ payees: [standInPayee(), push, wildcard] });
    expect(facilitator.supported()).toEqual({
      kinds: [
        { x402Version: 2, scheme: "exact", network: NETWORK },
        { x402Version: 2, scheme: "push", network: "eip155:1" },
        { x402Version: 1, scheme: "exact", network: NETWORK },
        { x402Version: 1, scheme: "push", network: "ethereum" },
      ],
      extensions: [],
      signers: { "eip155:*": ["0xsettler"] },
    });
  });

  it("refuses two exact payees for one network and a bad settleWaitMs", () => {
    expect(() => createFacilitator({ payees: [standInPayee(), standInPayee()] })).toThrow(
      expect.objectContaining({ code: "SCHEME_CONFLICT" }),
    );
    expect(() => createFacilitator({ payees: [], settleWaitMs: -1 })).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID" }),
    );
  });
});
