// A paid Express API: weather for $0.001 (USDC on every network), a joke for 0.001 SOL, and summaries priced by
// the length of the text sent.
import { type PaymuxExpress, type PaymuxParameters, paymux } from "@paymux/server-express";
import express from "express";
import { summarizePrice } from "../../example-config/src/pricing.js";

/** Builds the app over a payment server (`{}` = zero config on local chains); `pay.close()` stops it. */
export function createApp(options: PaymuxParameters = {}): { app: express.Express; pay: PaymuxExpress } {
  const pay = paymux(options);
  const app = express();
  app.use(express.json({ limit: "1mb" }));
  app.get("/api/weather", pay.charge({ price: "$0.001" }), (_req, res) => {
    res.json({ city: "Lisbon", forecast: "sunny", celsius: 24 });
  });
  app.get("/api/joke", pay.charge({ amount: "0.001" }), (_req, res) => {
    res.json({ joke: "Why did the agent pay per request? It had no subscription to its feelings." });
  });
  app.post(
    "/api/summarize",
    // The body was parsed by express.json() above; `native` is Express's `req`.
    pay.charge({ price: ({ native }) => summarizePrice((native as express.Request).body?.text) }),
    (req, res) => {
      const text = typeof req.body?.text === "string" ? (req.body.text as string) : "";
      res.json({ characters: text.length, summary: `${text.slice(0, 60)}${text.length > 60 ? "…" : ""}` });
    },
  );
  return { app, pay };
}
