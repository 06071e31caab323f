import { describe, expect, it } from "vitest";
import { createRouteMatcher } from "./routes.js";

const get = (path: string, method = "GET") => new Request(`https://api.test${path}`, { method });

describe("createRouteMatcher", () => {
  const match = createRouteMatcher({
    "GET /weather": { price: "$0.001" },
    "POST /jobs/:id": { price: "$0.01" },
    "/files/*": { price: "$0.1" },
    "/jobs/:id/logs/:line": { price: "$0.2" },
  });

  it("matches method and path, with HEAD served by GET routes", () => {
    expect(match(get("/weather"))?.key).toBe("GET /weather");
    expect(match(get("/weather", "HEAD"))?.key).toBe("GET /weather");
    expect(match(get("/weather", "POST"))).toBeUndefined();
    expect(match(get("/weather/extra"))).toBeUndefined();
    expect(match(get("/weatherman"))).toBeUndefined();
  });

  it("extracts path parameters and wildcards", () => {
    expect(match(get("/jobs/42", "POST"))?.params).toEqual({ id: "42" });
    expect(match(get("/jobs/42", "GET"))).toBeUndefined();
    expect(match(get("/files/a/b/c.txt", "DELETE"))?.params).toEqual({ "*": "a/b/c.txt" });
    expect(match(get("/jobs/7/logs/9"))?.params).toEqual({ id: "7", line: "9" });
  });

  it("ignores case, the query string and a trailing slash, like Express's default routing", () => {
    expect(match(get("/WEATHER?city=Paris"))?.key).toBe("GET /weather");
    expect(match(get("/weather/"))?.key).toBe("GET /weather");
  });

  it("matches the decoded and the raw path, so no encoding slips a paid route", () => {
    expect(match(get("/w%65ather"))?.key).toBe("GET /weather");
    expect(match(get("/files/%E0%A4%A"))?.key).toBe("/files/*");
    expect(match(get("/jobs/a%2Fb", "POST"))?.params).toEqual({ id: "a%2Fb" });
  });

  it("takes the first matching entry", () => {
    const ordered = createRouteMatcher({ "/a/special": { price: "$2" }, "/a/:x": { price: "$1" } });
    expect(ordered(get("/a/special"))?.key).toBe("/a/special");
    expect(ordered(get("/a/other"))?.key).toBe("/a/:x");
  });

  it("rejects malformed keys at start-up with CONFIG_INVALID", () => {
    for (const key of ["weather", "GET weather", "GET /a /b", "G3T /a", "/a/:"]) {
      expect(() => createRouteMatcher({ [key]: { price: "$1" } })).toThrowError(
        expect.objectContaining({ code: "CONFIG_INVALID" }),
      );
    }
  });

  it("escapes regular-expression characters in literal segments", () => {
    const literal = createRouteMatcher({ "/v1.0/data": { price: "$1" } });
    expect(literal(get("/v1.0/data"))).toBeDefined();
    expect(literal(get("/v1x0/data"))).toBeUndefined();
  });
});
