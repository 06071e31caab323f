import type { Fetcher } from "./types.js";

/** How {@link sendPaid} repeats a paid request. */
export type ResendOptions = { attempts: number; maxDelayMs: number };

/**
 * Sends the paid request, and sends it again with the *same* credential while the server answers 503 or the
 * network fails, up to `attempts` more times. Safe because a server settles one credential at most once and
 * resumes a payment it left unfinished (a settlement timeout, a restart) when that credential comes back; a new
 * credential could be charged a second time. `onSend` is told each attempt's number, from 1.
 */
export async function sendPaid(
  fetcher: Fetcher,
  request: Request,
  headers: Headers,
  options: ResendOptions,
  onSend: (attempt: number) => void,
): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const last = attempt > options.attempts;
    onSend(attempt);
    let response: Response;
    try {
      // A clone per attempt: a body can be read once.
      response = await fetcher(new Request(request.clone(), { headers }));
    } catch (error) {
      if (last || request.signal.aborted) throw error;
      await sleep(Math.min(1_000 * 2 ** (attempt - 1), options.maxDelayMs), request.signal);
      continue;
    }
    if (response.status !== 503 || last) return response;
    const delay = Math.min(retryAfterMs(response.headers.get("Retry-After"), attempt), options.maxDelayMs);
    await response.body?.cancel();
    await sleep(delay, request.signal);
  }
}

// `Retry-After` in seconds or as an HTTP date; without one, 1 s then 2 s, 4 s...
function retryAfterMs(value: string | null, attempt: number): number {
  const fallback = 1_000 * 2 ** (attempt - 1);
  if (value === null) return fallback;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1_000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? fallback : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", abort, { once: true });
  });
}
