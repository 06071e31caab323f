import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type * as express from "express";

const HELD = ["writeHead", "write", "end", "flushHeaders"] as const;
const NULL_BODY = new Set([204, 205, 304]);

/** Node's header records (`req.headers`, `res.getHeaders()`) as Web Headers; Node already joined repeats. */
export function toHeaders(fields: NodeJS.Dict<string | number | readonly string[]>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(fields)) {
    // HTTP/2 pseudo-headers (":path") are not fields.
    if (value === undefined || name.startsWith(":")) continue;
    for (const item of typeof value === "object" ? value : [value]) headers.append(name, String(item));
  }
  return headers;
}

/** The Web Request core sees: absolute URL and every header. The body stays unread for the app's parsers. */
export function toRequest(req: express.Request, res: express.Response): Request {
  // The path Express itself routes on (its parse of the request target), never a re-parse of `originalUrl`: an
  // absolute-form target (`GET http://host/a HTTP/1.1`) would otherwise give core a path no paid route matches
  // while Express still runs the paid handler.
  const query = req.originalUrl.indexOf("?");
  const search = query === -1 ? "" : req.originalUrl.slice(query);
  const url = `${req.protocol}://${req.get("host") ?? "localhost"}${req.baseUrl}${req.path}${search}`;
  // Aborted when the client goes away before the answer is out: core then settles nothing.
  const gone = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) gone.abort();
  });
  return new Request(url, { method: req.method, headers: toHeaders(req.headers), signal: gone.signal });
}

/**
 * Runs the rest of the Express chain (handler, error handler or the 404 fallback: all write through `res`)
 * with nothing reaching the socket: core must see the complete response before deciding what is sent.
 */
export function holdResponse(req: express.Request, res: express.Response, next: express.NextFunction) {
  const target = res as unknown as Record<(typeof HELD)[number], unknown>;
  const saved = Object.fromEntries(HELD.map((name) => [name, target[name]]));
  const chunks: Buffer[] = [];
  // Copies: a writer may reuse its buffer once write() returns.
  const add = (chunk: unknown, encoding: unknown) => {
    if (typeof chunk === "string") chunks.push(Buffer.from(chunk, (encoding as BufferEncoding) || "utf8"));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  const response = new Promise<Response>((resolve, reject) => {
    target.writeHead = (status: number, ...rest: unknown[]) => {
      res.statusCode = status;
      if (typeof rest[0] === "string") res.statusMessage = rest.shift() as string;
      // An object, or Node's flat [name, value, ...] list; either replaces what was set before.
      const list = rest[0] ?? {};
      const pairs = Array.isArray(list)
        ? list.flatMap((v, i) => (i % 2 ? [] : [[v, list[i + 1]]]))
        : Object.entries(list);
      for (const [name] of pairs) res.removeHeader(name);
      for (const [name, value] of pairs) if (value !== undefined) res.appendHeader(name, value);
      return res;
    };
    target.write = (chunk: unknown, encoding?: unknown, callback?: unknown) => {
      add(chunk, encoding);
      const done = [encoding, callback].find((arg) => typeof arg === "function") as (() => void) | undefined;
      if (done) process.nextTick(done);
      return true;
    };
    target.end = (...args: unknown[]) => {
      const done = typeof args.at(-1) === "function" ? (args.pop() as () => void) : undefined;
      add(args[0], args[1]);
      if (done) res.once("finish", done);
      const body = req.method === "HEAD" || NULL_BODY.has(res.statusCode) ? null : Buffer.concat(chunks);
      const headers = toHeaders(res.getHeaders());
      try {
        resolve(new Response(body, { status: res.statusCode, statusText: res.statusMessage ?? "", headers }));
      } catch (error) {
        reject(error); // a status a Response cannot carry (1xx)
      }
      return res;
    };
    target.flushHeaders = () => undefined;
    next();
  });
  // Gives `res` its own methods back, once core has decided what is sent.
  return { response, release: () => Object.assign(target, saved) };
}

/** Gives `res` the headers set before us (CORS, session), then `response`'s on top; a held handler's go. */
export function resetResponse(res: express.Response, upstream: Headers, response?: Response): void {
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  for (const headers of response ? [upstream, response.headers] : [upstream]) {
    for (const [name, value] of headers) if (name !== "set-cookie") res.setHeader(name, value);
    const cookies = headers.getSetCookie();
    if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  }
  res.statusCode = response?.status ?? 200;
  // Empty lets Node fill in the standard reason phrase.
  res.statusMessage = response?.statusText ?? "";
}

/** Writes core's final Response out through the real `res`. */
export async function sendResponse(res: express.Response, response: Response, upstream: Headers) {
  resetResponse(res, upstream, response);
  if (!response.body) return void res.end();
  // Core's own answers (402s, problems) are small and complete: one write, none of the stream machinery. A 2xx
  // (paid content, possibly a stream under settle-before) is piped.
  if (response.status < 200 || response.status >= 300) {
    return void res.end(Buffer.from(await response.arrayBuffer()));
  }
  try {
    await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res);
  } catch (error) {
    // The client went away mid-body: nothing is left to answer, and it is no error of the app's.
    if ((error as { code?: string }).code !== "ERR_STREAM_PREMATURE_CLOSE") throw error;
  }
}
