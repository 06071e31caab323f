// The framework-free flow as a plain fetch handler (what Bun, Deno or a worker would run), with no adapter.
import { createPaymentServer, type RoutesTable } from "@paymux/core/server";
import { CONTENT, describeServerConformance } from "./conformance.js";

describeServerConformance("core fetch handler", async ({ options, routes, table, drain }) => {
  const paid: RoutesTable = Object.fromEntries(routes.map((route) => [`GET ${route.path}`, route.charge]));
  const server = createPaymentServer({ ...options, routes: { ...table, ...paid } });
  const handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const route = routes.find((entry) => entry.path === url.pathname);
    if (url.pathname.startsWith("/table/")) {
      return Response.json({ content: CONTENT, id: url.pathname.split("/")[2] });
    }
    if (!route) return new Response("free");
    if (route.behaviour === "throw") throw new Error("handler failed");
    if (route.behaviour === "500") return Response.json({ error: "upstream down" }, { status: 500 });
    if (route.behaviour === "drain") await drain();
    return Response.json({ content: CONTENT });
  };
  return {
    async fetch(path, init) {
      const request = new Request(`http://localhost${path}`, init);
      try {
        return await server.fetch(request, () => handler(request));
      } catch {
        return Response.json({ error: "handler failed" }, { status: 500 });
      }
    },
    close: () => server.close(),
  };
});
