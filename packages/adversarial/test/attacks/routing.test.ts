// Route-matching bypass: the paid route is "GET /a" in paymux's table, the handler is the framework's own
// `app.get("/a")`. Any spelling of the path or method that the framework routes to the handler while the
// table misses it would be content for free. Raw requests over real sockets to Express and Hono, unpaid:
// each must end without the handler running.
import { describe, expect, it } from "vitest";
import { CONTENT, tally, useArena } from "./harness.js";
import { rawRequest, type SocketApp, useApps } from "./sockets.js";

const appNamed = useApps(useArena("routing"));

const PATHS = [
  "/a",
  "/A",
  "/a/",
  "/A/",
  "/a//",
  "//a",
  "/%61",
  "/%41",
  "/a%2F",
  "/a%2f",
  "/./a",
  "/b/../a",
  "/x/..%2fa",
  "/a;x",
  "/a;",
  "/a?",
  "/a?x=1",
  "/a#x",
  "/a%20",
  "/a%00",
  "/a%09",
  "/a.",
  "/a~",
  "/a/.",
  "/%2e/a",
  "/%D0%B0", // Cyrillic а
  "/%EF%BD%81", // full-width a
];
const METHODS = [
  "GET",
  "HEAD",
  "get",
  "Get",
  "OPTIONS",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "TRACE",
  "CONNECT",
  "PROPFIND",
];

/** Absolute-form request targets (RFC 9112 §3.2.2): what proxies send, and any client may. */
const ABSOLUTE = [
  "http://127.0.0.1/a",
  "http://127.0.0.1/A/",
  "HTTP://127.0.0.1/a?x",
  "http://evil.example/a",
  "http://127.0.0.1:1/a",
];

/** Sends each target unpaid and returns those that reached the paid handler or carried its content. */
async function leaks(
  app: SocketApp,
  targets: readonly string[],
  methods: readonly string[],
): Promise<string[]> {
  const leaked: string[] = [];
  for (const target of targets) {
    for (const method of methods) {
      const runs = app.runs("/a");
      const answer = await rawRequest(
        app.port,
        `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      );
      tally();
      // HEAD has no body and Express answers OPTIONS itself (200, Allow): the handler's runs are the proof.
      if (answer.body.includes(CONTENT) || app.runs("/a") !== runs) {
        leaked.push(`${method} ${target} → ${answer.status}`);
      }
    }
  }
  return leaked;
}

for (const name of ["express", "hono"] as const) {
  const app = () => appNamed(name);
  describe(`${name}: unpaid requests never reach the paid handler`, () => {
    it(`${PATHS.length} path spellings × GET and HEAD`, async () => {
      expect(await leaks(app(), PATHS, ["GET", "HEAD"])).toEqual([]);
    });

    it(`${METHODS.length} methods on /a`, async () => {
      expect(await leaks(app(), ["/a"], METHODS)).toEqual([]);
    });

    // Core must price the path the framework routes on. Express once built core's URL from `originalUrl`, so an
    // absolute-form target ("GET http://127.0.0.1/a HTTP/1.1") gave core "//127.0.0.1/a" (no paid route) while
    // Express ran the paid handler for "/a": content for free. Found by this suite; toRequest now uses Express's
    // own parse (baseUrl + path). Hono builds its Request from the URL it routes on.
    it(`${ABSOLUTE.length} absolute-form targets × GET and HEAD`, async () => {
      expect(await leaks(app(), ABSOLUTE, ["GET", "HEAD"])).toEqual([]);
    });

    it("method override and URL rewrite headers", async () => {
      const runs = app().runs("/a");
      for (const line of [
        "X-HTTP-Method-Override: GET",
        "X-Method-Override: GET",
        "X-Original-URL: /a",
        "X-Rewrite-URL: /a",
      ]) {
        const answer = await rawRequest(
          app().port,
          `POST /free HTTP/1.1\r\nHost: 127.0.0.1\r\n${line}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
        );
        tally();
        expect(answer.body, line).not.toContain(CONTENT);
      }
      expect(app().runs("/a")).toBe(runs);
    });
  });
}
