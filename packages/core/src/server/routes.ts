import { PaymuxError } from "../errors/index.js";
import type { RouteConfig, RouteMatch, RoutesTable } from "./types.js";

type CompiledRoute = { key: string; method?: string; pattern: RegExp; names: string[]; route: RouteConfig };

const METHOD = /^[A-Za-z]+$/;

/**
 * Compiles a routes table: keys are `"METHOD /path"` or `"/path"` (any method), with `:name` (one segment) and
 * `*` (the rest) parameters. Matching ignores case (as Express and x402's servers do) and the query string,
 * and works on the decoded path; earlier entries win. Bad keys throw at start-up, not at the first request.
 */
export function createRouteMatcher(routes: RoutesTable): (request: Request) => RouteMatch | undefined {
  const compiled = Object.entries(routes).map(([key, route]) => compileRoute(key, route));
  return (request) => {
    const paths = requestPaths(request);
    const method = request.method.toUpperCase();
    for (const entry of compiled) {
      if (entry.method && entry.method !== method && !(entry.method === "GET" && method === "HEAD")) continue;
      const match = paths.map((path) => entry.pattern.exec(path)).find((found) => found !== null);
      if (!match) continue;
      const params: Record<string, string> = {};
      entry.names.forEach((name, index) => {
        params[name] = match[index + 1] ?? "";
      });
      return { key: entry.key, route: entry.route, params };
    }
    return undefined;
  };
}

function compileRoute(key: string, route: RouteConfig): CompiledRoute {
  const parts = key.trim().split(/\s+/);
  const [first, second] = parts;
  const method = parts.length === 2 ? first : undefined;
  const path = parts.length === 2 ? second : first;
  if (!path?.startsWith("/") || parts.length > 2 || (method !== undefined && !METHOD.test(method))) {
    throw new PaymuxError("CONFIG_INVALID", 'A route key is "METHOD /path" or "/path"', { context: { key } });
  }
  const names: string[] = [];
  const source = path
    .split("/")
    .map((segment) => {
      if (segment === "*") {
        names.push("*");
        return "(.*)";
      }
      if (segment.startsWith(":")) {
        const name = segment.slice(1);
        if (!/^\w+$/.test(name)) {
          throw new PaymuxError("CONFIG_INVALID", "A route parameter needs a name", { context: { key } });
        }
        names.push(name);
        return "([^/]+)";
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  // A trailing slash is optional, as in Express's default (non-strict) routing.
  const pattern = new RegExp(`^${source.replace(/\/$/, "")}/?$`, "i");
  return { key, ...(method === undefined ? {} : { method: method.toUpperCase() }), pattern, names, route };
}

/**
 * The paths to match: decoded and raw. Frameworks differ (Hono routes on the decoded path, Express on the raw
 * one), and a request its framework routes to a paid handler must never slip past the table, so a route
 * matches if either form does. Over-matching is safe: a request no handler serves fails and is not charged.
 */
function requestPaths(request: Request): string[] {
  let pathname: string;
  try {
    pathname = new URL(request.url).pathname;
  } catch {
    return [];
  }
  try {
    const decoded = decodeURIComponent(pathname);
    return decoded === pathname ? [pathname] : [decoded, pathname];
  } catch {
    return [pathname];
  }
}
