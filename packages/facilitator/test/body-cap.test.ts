// The request body cap: over MAX_BODY_BYTES is a 413 with a JSON error, decided without buffering more than the
// cap (a declared Content-Length over it is refused unread; a missing or understated one is read up to the cap).
import { describe, expect, it } from "vitest";
import { createFacilitator, MAX_BODY_BYTES } from "../src/index.js";
import { post } from "./helpers.js";
import { BODY, standInPayee } from "./stand-in.js";

const facilitator = createFacilitator({ payees: [standInPayee()] });

/** The body padded (with a JSON string member) to exactly `bytes` bytes. */
function padded(bytes: number): string {
  const base = JSON.stringify({ ...BODY, padding: "" });
  return base.replace('"padding":""', `"padding":"${"x".repeat(bytes - base.length)}"`);
}

/** A body stream of `chunk`-byte chunks, `total` bytes in all (or endless), that records what was pulled. */
function stream(chunk: number, total = Number.POSITIVE_INFINITY) {
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      state.pulled += chunk;
      controller.enqueue(new Uint8Array(chunk).fill(0x20));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { body, state };
}

function send(path: string, body: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
  return facilitator.fetch(
    new Request(`http://facilitator.test${path}`, {
      method: "POST",
      body,
      headers,
      duplex: "half",
    } as RequestInit),
  );
}

async function expectTooLarge(response: Response): Promise<void> {
  expect(response.status).toBe(413);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  expect(await response.json()).toEqual({
    error: `The request body is larger than ${MAX_BODY_BYTES} bytes`,
    code: "BODY_TOO_LARGE",
  });
}

describe("request body cap", () => {
  it("takes a body of exactly the cap, and answers 413 one byte over it, on /verify and /settle", async () => {
    for (const path of ["/verify", "/settle"]) {
      expect((await post(facilitator, path, padded(MAX_BODY_BYTES))).status).toBe(200);
      await expectTooLarge(await post(facilitator, path, padded(MAX_BODY_BYTES + 1)));
    }
  });

  it("refuses a declared Content-Length over the cap without reading the body", async () => {
    const { body, state } = stream(1024, 4096);
    await expectTooLarge(await send("/verify", body, { "Content-Length": String(MAX_BODY_BYTES + 1) }));
    expect(state.pulled).toBeLessThanOrEqual(1024);
  });

  it("does not trust an understated Content-Length: reads up to the cap, then cancels", async () => {
    const { body, state } = stream(4096);
    await expectTooLarge(await send("/settle", body, { "Content-Length": "10" }));
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThanOrEqual(MAX_BODY_BYTES + 2 * 4096);
  });

  it("stops an endless body with no Content-Length at the cap", async () => {
    const { body, state } = stream(1000);
    await expectTooLarge(await send("/verify", body));
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThanOrEqual(MAX_BODY_BYTES + 2 * 1000);
  });

  it("ignores a Content-Length that is not a number and judges the body itself", async () => {
    for (const length of ["abc", "-1", "1, 2", "1e9"]) {
      const response = await send("/verify", JSON.stringify(BODY), { "Content-Length": length });
      expect(response.status).toBe(200);
    }
  });
});
