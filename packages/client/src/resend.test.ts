import { describe, expect, it } from "vitest";
import { sendPaid } from "./resend.js";

// A server stand-in that answers from a script and records what each attempt carried.
function scripted(answers: Array<number | "network">) {
  const seen: Array<{ credential: string | null; body: string }> = [];
  const fetcher = async (request: Request) => {
    seen.push({ credential: request.headers.get("PAYMENT-SIGNATURE"), body: await request.text() });
    const answer = answers[seen.length - 1] ?? 200;
    if (answer === "network") throw new TypeError("fetch failed");
    return new Response(answer === 200 ? "content" : "busy", {
      status: answer,
      headers: answer === 503 ? { "Retry-After": "1" } : {},
    });
  };
  return { fetcher, seen };
}

const paidRequest = () => new Request("http://api.test/report", { method: "POST", body: "question" });
const credential = new Headers({ "PAYMENT-SIGNATURE": "credential-1" });

describe("sendPaid: the same credential again, never a new one", () => {
  it("re-sends after 503s until the server answers, with the same credential and body each time", async () => {
    const { fetcher, seen } = scripted([503, 503, 200]);
    const attempts: number[] = [];
    const response = await sendPaid(fetcher, paidRequest(), credential, { attempts: 2, maxDelayMs: 5 }, (n) =>
      attempts.push(n),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("content");
    expect(attempts).toEqual([1, 2, 3]);
    expect(seen).toEqual(Array(3).fill({ credential: "credential-1", body: "question" }));
  });

  it("re-sends after a network failure, and gives up with the error after the last attempt", async () => {
    const recovered = scripted(["network", 200]);
    const response = await sendPaid(
      recovered.fetcher,
      paidRequest(),
      credential,
      { attempts: 2, maxDelayMs: 1 },
      () => {},
    );
    expect(response.status).toBe(200);
    expect(recovered.seen).toHaveLength(2);

    const down = scripted(["network", "network", "network", 200]);
    await expect(
      sendPaid(down.fetcher, paidRequest(), credential, { attempts: 2, maxDelayMs: 1 }, () => {}),
    ).rejects.toThrow("fetch failed");
    expect(down.seen).toHaveLength(3);
  });

  it("hands the last 503 to the caller, and sends once when resending is off", async () => {
    const busy = scripted([503, 503, 503, 503]);
    const last = await sendPaid(
      busy.fetcher,
      paidRequest(),
      credential,
      { attempts: 2, maxDelayMs: 1 },
      () => {},
    );
    expect(last.status).toBe(503);
    expect(busy.seen).toHaveLength(3);

    const off = scripted([503, 200]);
    const once = await sendPaid(
      off.fetcher,
      paidRequest(),
      credential,
      { attempts: 0, maxDelayMs: 1 },
      () => {},
    );
    expect(once.status).toBe(503);
    expect(off.seen).toHaveLength(1);
  });

  it("does not resend a 402 or any other answer", async () => {
    for (const status of [402, 500, 200]) {
      const server = scripted([status]);
      const response = await sendPaid(
        server.fetcher,
        paidRequest(),
        credential,
        { attempts: 2, maxDelayMs: 1 },
        () => {},
      );
      expect(response.status).toBe(status);
      expect(server.seen).toHaveLength(1);
    }
  });

  it("stops waiting when the caller aborts", async () => {
    const { fetcher, seen } = scripted([503, 200]);
    const controller = new AbortController();
    const request = new Request("http://api.test/report", { signal: controller.signal });
    const sending = sendPaid(fetcher, request, credential, { attempts: 2, maxDelayMs: 60_000 }, () => {});
    setTimeout(() => controller.abort(new Error("caller gave up")), 20);
    await expect(sending).rejects.toThrow("caller gave up");
    expect(seen).toHaveLength(1);
  });
});
