import { PaymuxError } from "../errors/index.js";
import {
  type FacilitatorRequest,
  parseSchema,
  type SettleResponse,
  SettleResponseSchema,
  type SupportedResponse,
  SupportedResponseSchema,
  type VerifyResponse,
  VerifyResponseSchema,
} from "../schemas/index.js";

/** A facilitator endpoint, for per-endpoint headers (hosted facilitators sign each call differently). */
/** What `new Headers()` takes; spelled out because `HeadersInit` exists only in the DOM lib, not in Node's types. */
type HeadersInput = ConstructorParameters<typeof Headers>[0];

export type FacilitatorEndpoint = "verify" | "settle" | "supported";

/** Options of {@link createFacilitatorClient}. */
export type FacilitatorClientParameters = {
  /** Base URL, e.g. `https://x402.org/facilitator` (a trailing `/` is ignored). */
  url: string;
  fetch?: (request: Request) => Promise<Response>;
  /** Per-attempt time limit of `/verify` and `/supported` (default 10 s). */
  timeoutMs?: number;
  /** Time limit of `/settle`, which waits for the chain (default 90 s). */
  settleTimeoutMs?: number;
  /** Extra attempts of `/verify` and `/supported` on 429, 5xx or a network error (default 2); never `/settle`. */
  retries?: number;
  /** First back-off delay, doubled per attempt (default 250 ms; a `Retry-After` in seconds wins, up to 5 s). */
  retryDelayMs?: number;
  /** Headers per endpoint (API keys, signed JWTs), static or computed per call. */
  headers?:
    | Record<string, string>
    | ((endpoint: FacilitatorEndpoint) => HeadersInput | Promise<HeadersInput>);
};

/** The x402 facilitator HTTP API (x402.md §2.5), as paymux servers call it. */
export type FacilitatorClient = {
  verify(body: FacilitatorRequest): Promise<VerifyResponse>;
  settle(body: FacilitatorRequest): Promise<SettleResponse>;
  supported(): Promise<SupportedResponse>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A client of a remote facilitator. `isValid: false` and `success: false` are results, whatever the HTTP status
 * (hosted facilitators answer them with 400); timeouts, 5xx after retries and malformed bodies throw
 * `FACILITATOR_ERROR`. `/settle` is never retried blindly: a retry could settle twice, or report a settlement
 * that landed as a failure.
 */
export function createFacilitatorClient(parameters: FacilitatorClientParameters): FacilitatorClient {
  let base: URL;
  try {
    base = new URL(parameters.url.replace(/\/+$/, ""));
  } catch {
    throw new PaymuxError("CONFIG_INVALID", "The facilitator URL is not a URL");
  }
  const fetcher = parameters.fetch ?? ((request: Request) => globalThis.fetch(request));
  const retries = parameters.retries ?? 2;
  const delay = parameters.retryDelayMs ?? 250;

  const call = async (endpoint: FacilitatorEndpoint, body?: FacilitatorRequest): Promise<unknown> => {
    const attempts = endpoint === "settle" ? 1 : retries + 1;
    const timeout =
      endpoint === "settle" ? (parameters.settleTimeoutMs ?? 90_000) : (parameters.timeoutMs ?? 10_000);
    let last: { status?: number; cause?: unknown } = {};
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0)
        await sleep(
          last.status === 429 ? retryAfter(last.cause, delay * 2 ** attempt) : delay * 2 ** (attempt - 1),
        );
      const extra =
        typeof parameters.headers === "function" ? await parameters.headers(endpoint) : parameters.headers;
      const headers = new Headers(extra);
      if (body) headers.set("Content-Type", "application/json");
      headers.set("Accept", "application/json");
      const request = new Request(`${base.href.replace(/\/+$/, "")}/${endpoint}`, {
        method: body ? "POST" : "GET",
        headers,
        // A 307/308 keeps the method and body, so a facilitator that moved is still reached (x402#1692).
        redirect: "follow",
        signal: AbortSignal.timeout(timeout),
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      let response: Response;
      let text: string;
      try {
        // The signal aborts a real fetch; the race also bounds a custom fetch that ignores it.
        [response, text] = await deadline(
          fetcher(request).then(async (answer) => [answer, await answer.text().catch(() => "")] as const),
          timeout,
        );
      } catch (cause) {
        last = { cause };
        continue;
      }
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      // A verdict is a verdict whatever the status (CDP answers isValid:false with 400).
      if (endpoint === "verify" && hasKey(json, "isValid")) return json;
      if (endpoint === "settle" && hasKey(json, "success")) return json;
      if (response.ok && endpoint === "supported" && json !== undefined) return json;
      last = { status: response.status, cause: response.headers.get("Retry-After") };
      if (response.status !== 429 && response.status < 500) break;
    }
    throw new PaymuxError("FACILITATOR_ERROR", `The facilitator's /${endpoint} did not answer usably`, {
      context: {
        endpoint,
        ...(last.status === undefined ? { network: "unreachable or timed out" } : { status: last.status }),
      },
    });
  };

  const parse = <T>(
    schema: Parameters<typeof parseSchema>[0],
    value: unknown,
    endpoint: FacilitatorEndpoint,
  ): T => {
    try {
      return parseSchema(schema, value, `facilitator /${endpoint} response`) as T;
    } catch (cause) {
      throw new PaymuxError("FACILITATOR_ERROR", `The facilitator's /${endpoint} answered a malformed body`, {
        context: { endpoint },
        cause,
      });
    }
  };

  return {
    verify: async (body) => parse<VerifyResponse>(VerifyResponseSchema, await call("verify", body), "verify"),
    settle: async (body) => parse<SettleResponse>(SettleResponseSchema, await call("settle", body), "settle"),
    supported: async () =>
      parse<SupportedResponse>(SupportedResponseSchema, await call("supported"), "supported"),
  };
}

function hasKey(value: unknown, key: string): boolean {
  return typeof value === "object" && value !== null && key in value;
}

function retryAfter(header: unknown, fallback: number): number {
  const seconds = typeof header === "string" ? Number(header) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, 5_000) : fallback;
}

async function deadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
