import { PaymuxError } from "../../errors/index.js";
import {
  type AuthChallenge,
  canonicalizeJson,
  decodeBase64UrlJson,
  encodeBase64Url,
  parseChallenges,
  serializeChallenge,
  utf8Encode,
} from "../../grammar/index.js";
import {
  type ChargeRequest,
  ChargeRequestSchema,
  type EchoedChallenge,
  type PaymentChallengeParams,
  PaymentChallengeParamsSchema,
  parseSchema,
} from "../../schemas/index.js";

/** The auth-scheme name of the IETF Payment scheme. */
export const PAYMENT_SCHEME = "Payment";
/** Smallest server secret paymux accepts for challenge ids (mppx asks for the same). */
export const MIN_SECRET_BYTES = 32;

/** Parameters of {@link createPaymentChallenge}. */
export type CreatePaymentChallengeParameters = {
  /** HMAC key; at least 32 bytes in production (see {@link assertStrongSecret}). */
  secret: string;
  realm: string;
  method: string;
  intent?: string;
  request: ChargeRequest;
  /** RFC 3339, bound by the HMAC exactly as written. */
  expires?: string;
  digest?: string;
  /** A flat string map, bound by the HMAC. */
  opaque?: Record<string, string>;
  /** Display text, not bound. */
  description?: string;
};

/** Builds a challenge whose `id` is HMAC-bound to every other field (payment-auth.md §2). */
export async function createPaymentChallenge(
  parameters: CreatePaymentChallengeParameters,
): Promise<PaymentChallengeParams> {
  return createEncodedPaymentChallenge({ ...parameters, request: encodeChargeRequest(parameters.request) });
}

/**
 * {@link createPaymentChallenge} with `request` already encoded by {@link encodeChargeRequest}, for a server that
 * issues the same request in every 402 of a route and encodes it once. Internal to core (not re-exported).
 */
export async function createEncodedPaymentChallenge(
  parameters: Omit<CreatePaymentChallengeParameters, "request"> & { request: string },
): Promise<PaymentChallengeParams> {
  const request = parameters.request;
  const opaque = parameters.opaque
    ? encodeBase64Url(utf8Encode(canonicalizeJson(parameters.opaque)))
    : undefined;
  const fields = {
    realm: parameters.realm,
    method: parameters.method,
    intent: parameters.intent ?? "charge",
    request,
    ...(parameters.expires === undefined ? {} : { expires: parameters.expires }),
    ...(parameters.digest === undefined ? {} : { digest: parameters.digest }),
    ...(opaque === undefined ? {} : { opaque }),
  };
  const id = await computeChallengeId(parameters.secret, fields);
  return {
    id,
    ...fields,
    ...(parameters.description === undefined ? {} : { description: parameters.description }),
  };
}

/** The fields the challenge id binds. */
export type ChallengeBindingFields = {
  realm: string;
  method: string;
  intent: string;
  request: string;
  expires?: string | undefined;
  digest?: string | undefined;
  opaque?: string | undefined;
};

/** The part of `node:crypto` used here, typed structurally: core has no Node types and no Node dependency. */
type SyncHmacModule = {
  createHmac(
    algorithm: "sha256",
    key: string,
  ): { update(data: string): { digest(encoding: "base64url"): string } };
};

// On Node, Deno and Bun a synchronous HMAC costs ~2 µs of CPU; WebCrypto's async one goes through a thread-pool job,
// a promise and a transferable CryptoKey (20–40 µs), and a 402 signs one challenge per method. Looked up at run
// time on first use, never imported, so browser and edge bundles keep WebCrypto (and drop this code when they
// never compute an id).
let syncHmac: SyncHmacModule | null | undefined;
function nodeHmac(): SyncHmacModule | null {
  if (syncHmac === undefined) {
    try {
      const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
      const module = runtime?.getBuiltinModule?.("node:crypto") as Partial<SyncHmacModule> | undefined;
      syncHmac = typeof module?.createHmac === "function" ? (module as SyncHmacModule) : null;
    } catch {
      syncHmac = null;
    }
  }
  return syncHmac;
}

const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    // Importing a key costs more than the HMAC itself; servers reuse one or two secrets.
    key = crypto.subtle.importKey("raw", utf8Encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    if (keyCache.size > 16) keyCache.clear();
    keyCache.set(secret, key);
  }
  return key;
}

/** `base64url(HMAC-SHA256(secret, realm|method|intent|request|expires|digest|opaque))`, 7 slots, empty when absent. */
export async function computeChallengeId(secret: string, fields: ChallengeBindingFields): Promise<string> {
  const input = [
    fields.realm,
    fields.method,
    fields.intent,
    fields.request,
    fields.expires ?? "",
    fields.digest ?? "",
    fields.opaque ?? "",
  ].join("|");
  // Same bytes either way: the key and the input are UTF-8 encoded, the MAC base64url without padding.
  const hmac = nodeHmac();
  if (hmac) return hmac.createHmac("sha256", secret).update(input).digest("base64url");
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), utf8Encode(input));
  return encodeBase64Url(new Uint8Array(mac));
}

/**
 * Checks an echoed challenge's id against one or more secrets (several during rotation). `request` and
 * `opaque` are re-canonicalized first, so padding or key-order differences in the echo do not matter.
 */
export async function verifyChallengeId(
  echoed: EchoedChallenge,
  secrets: string | readonly string[],
): Promise<boolean> {
  let request: string;
  let opaque: string | undefined;
  try {
    request = encodeBase64Url(utf8Encode(canonicalizeJson(decodeBase64UrlJson(echoed.request))));
    opaque =
      echoed.opaque === undefined
        ? undefined
        : encodeBase64Url(
            utf8Encode(
              canonicalizeJson(
                typeof echoed.opaque === "string" ? decodeBase64UrlJson(echoed.opaque) : echoed.opaque,
              ),
            ),
          );
  } catch (error) {
    if (error instanceof PaymuxError) return false;
    throw error;
  }
  const fields = { ...echoed, request, opaque };
  for (const secret of typeof secrets === "string" ? [secrets] : secrets) {
    if (constantTimeEqual(await computeChallengeId(secret, fields), echoed.id)) return true;
  }
  return false;
}

/** Throws `SECRET_TOO_WEAK` when a challenge secret is shorter than {@link MIN_SECRET_BYTES}. */
export function assertStrongSecret(secret: string): void {
  if (utf8Encode(secret).length < MIN_SECRET_BYTES) {
    throw new PaymuxError("SECRET_TOO_WEAK", `Challenge secrets need at least ${MIN_SECRET_BYTES} bytes`);
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i % Math.max(b.length, 1));
  return diff === 0;
}

/** One challenge → a `WWW-Authenticate` value (`Payment id="…", realm="…", …`, every value quoted). */
export function encodePaymentChallenge(challenge: PaymentChallengeParams): string {
  const params: Record<string, string> = {};
  for (const key of [
    "id",
    "realm",
    "method",
    "intent",
    "request",
    "expires",
    "digest",
    "opaque",
    "description",
  ]) {
    const value = challenge[key as keyof PaymentChallengeParams];
    if (typeof value === "string") params[key] = value;
  }
  return serializeChallenge({ scheme: PAYMENT_SCHEME, params });
}

/** Validates one parsed `Payment` auth challenge. */
export function decodePaymentChallenge(challenge: AuthChallenge): PaymentChallengeParams {
  if (challenge.scheme.toLowerCase() !== "payment" || challenge.token68 !== undefined) {
    throw new PaymuxError("CHALLENGE_INVALID", "Not a Payment challenge with auth-params");
  }
  return parseSchema(
    PaymentChallengeParamsSchema,
    challenge.params,
    "Payment challenge",
    "CHALLENGE_INVALID",
  );
}

/** Result of {@link readPaymentChallenges}: the valid challenges and why the others were dropped. */
export type ReadPaymentChallengesResult = { challenges: PaymentChallengeParams[]; rejected: PaymuxError[] };

/**
 * All `Payment` challenges of one or more `WWW-Authenticate` values. Challenges of other schemes are
 * ignored; a malformed Payment challenge is reported in `rejected` without hiding the valid ones.
 */
export function readPaymentChallenges(value: string | readonly string[]): ReadPaymentChallengesResult {
  const result: ReadPaymentChallengesResult = { challenges: [], rejected: [] };
  for (const challenge of parseChallenges(value)) {
    if (challenge.scheme.toLowerCase() !== "payment") continue;
    try {
      result.challenges.push(decodePaymentChallenge(challenge));
    } catch (error) {
      if (!(error instanceof PaymuxError)) throw error;
      result.rejected.push(error);
    }
  }
  return result;
}

/** Decodes and validates a challenge's `request` (base64url JSON, with or without padding). */
export function decodeChargeRequest(request: string): ChargeRequest {
  return parseSchema(
    ChargeRequestSchema,
    decodeBase64UrlJson(request),
    "Payment request",
    "CHALLENGE_INVALID",
  );
}

/** Encodes a charge request as the challenge's `request` (base64url of JCS). */
export function encodeChargeRequest(request: ChargeRequest): string {
  return encodeBase64Url(utf8Encode(canonicalizeJson(request)));
}

/** Parses `expires` to unix milliseconds; `CHALLENGE_INVALID` when it is not RFC 3339. */
export function challengeExpiry(expires: string): number {
  const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(expires)
    ? Date.parse(expires)
    : Number.NaN;
  if (Number.isNaN(time))
    throw new PaymuxError("CHALLENGE_INVALID", "Challenge expiry is not an RFC 3339 date-time");
  return time;
}

/** RFC 3339 in UTC with an uppercase `T`/`Z` and whole seconds, the form the HMAC then binds. */
export function formatExpiry(unixMs: number): string {
  return new Date(Math.floor(unixMs / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
