import { once } from "node:events";
import { createServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import express5, { type ErrorRequestHandler, type Express } from "express";
import express4 from "express4";
import { afterEach, expect } from "vitest";
import {
  CHALLENGE,
  type FakeServer,
  type FakeServerOptions,
  fakeServer,
} from "../../core/test/fake-payment-server.js";
import { type PaymuxExpress, paymux } from "../src/index.js";

/** Every suite runs on both majors. */
export const EXPRESS_VERSIONS = [
  ["Express 5", express5],
  ["Express 4", express4],
] as const;

/** What marks a request as paid for the fake server. */
export const PAID = { "x-paid": "1" };

/** The app's own error middleware. */
export const errorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  res.status(500).json({ error: (error as Error).message });
};

/** What {@link setup} makes. */
export type Setup = { server: FakeServer; pay: PaymuxExpress; app: Express };

/** An app on a fake payment server, behind a middleware that sets what CORS and sessions leave on responses. */
export function setup(express: typeof express5, options: FakeServerOptions = {}): Setup {
  const server = fakeServer(options);
  const pay = paymux(server);
  const app = express();
  app.use((_req, res, next) => {
    res.setHeader("access-control-allow-origin", "*");
    res.cookie("session", "s1");
    next();
  });
  return { server, pay, app };
}

/** Asserts the exact 402 the fake server built. */
export function expectChallenge(
  response: Response,
  body: string,
  challenge: { body: string; headers: Record<string, string> } = CHALLENGE,
) {
  expect(response.status).toBe(402);
  expect(body).toBe(challenge.body);
  for (const [name, value] of Object.entries(challenge.headers))
    expect(response.headers.get(name)).toBe(value);
}

const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((close) => close()));
});

/** Serves `app` on a free loopback port until the test ends. */
export async function listen(app: Express): Promise<string> {
  const server = createServer(app).listen(0, "127.0.0.1");
  await once(server, "listening");
  running.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What `raw` saw. */
export type RawResponse = { status: number; headers: IncomingHttpHeaders; body: string; firstByteAt: number };

// node:http instead of fetch: it shows when the first byte arrives and can send a header twice.
export function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string | string[]>; body?: string },
) {
  return new Promise<RawResponse>((resolve, reject) => {
    let firstByteAt = 0;
    const req = httpRequest(
      url,
      { method: options.method ?? "GET", headers: options.headers ?? {} },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, firstByteAt }),
        );
      },
    );
    req.on("socket", (socket) => socket.once("data", () => (firstByteAt ||= performance.now())));
    req.on("error", reject);
    req.end(options.body);
  });
}
