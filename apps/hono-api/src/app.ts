// A paid Hono API: weather for $0.001 (USDC on every network), a joke for 0.001 SOL, and summaries priced by
// the length of the text sent.
import { type PaymuxHono, type PaymuxParameters, paymux } from "@paymux/server-hono";
import { type Context, Hono } from "hono";
import { summarizePrice } from "../../example-config/src/pricing.js";

/** The JSON body's `text` ("" when absent); Hono caches the body, so the handler can read it again. */
async function textOf(c: Context): Promise<string> {
  const body: unknown = await c.req.json().catch(() => ({}));
  const text = (body as { text?: unknown } | null)?.text;
  return typeof text === "string" ? text : "";
}

/** Builds the app over a payment server (`{}` = zero config on local chains); `pay.close()` stops it. */
export function createApp(options: PaymuxParameters = {}): { app: Hono; pay: PaymuxHono } {
  const pay = paymux(options);
  const app = new Hono();
  app.get("/api/weather", pay.charge({ price: "$0.001" }), (c) =>
    c.json({ city: "Lisbon", forecast: "sunny", celsius: 24 }),
  );
  app.get("/api/joke", pay.charge({ amount: "0.001" }), (c) =>
    c.json({ joke: "Why did the agent pay per request? It had no subscription to its feelings." }),
  );
  app.post(
    "/api/summarize",
    // `native` is Hono's Context.
    pay.charge({ price: async ({ native }) => summarizePrice(await textOf(native as Context)) }),
    async (c) => {
      const text = await textOf(c);
      return c.json({
        characters: text.length,
        summary: `${text.slice(0, 60)}${text.length > 60 ? "…" : ""}`,
      });
    },
  );
  return { app, pay };
}
