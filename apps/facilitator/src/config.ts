// The service's configuration, read from environment variables and validated all at once, so an operator sees
// every mistake in one go. Messages name the variable and what is wrong, never a key's value.
import { readFileSync } from "node:fs";
import { isCaip2, PaymuxError } from "@paymux/core";
import { getBase58Encoder } from "@solana/kit";

/** The validated configuration of the facilitator service. */
export type ServiceConfig = {
  port: number;
  host: string;
  /** CAIP-2 (`eip155:…`) → JSON-RPC URL. */
  evmRpcUrls: Record<string, string>;
  /** 0x-prefixed 32-byte private key that sends `transferWithAuthorization` and pays the gas. */
  evmSettlerKey?: `0x${string}`;
  /** CAIP-2 (`solana:…`) → JSON-RPC URL. */
  solanaRpcUrls: Record<string, string>;
  /** 64-byte Solana secret key (seed ‖ public key) of the sponsoring fee payer. */
  solanaFeePayerKey?: Uint8Array;
  /** Bearer token required on /verify and /settle, when set. */
  token?: string;
  redisUrl?: string;
};

/** Environment variables, as `process.env` holds them. */
export type ServiceEnv = Readonly<Record<string, string | undefined>>;

/** The variables this service reads (documented in the README). */
export const ENV = {
  port: "PAYMUX_FACILITATOR_PORT",
  host: "PAYMUX_FACILITATOR_HOST",
  evmRpcUrls: "PAYMUX_EVM_RPC_URLS",
  evmSettlerKey: "PAYMUX_EVM_SETTLER_KEY",
  solanaRpcUrls: "PAYMUX_SOLANA_RPC_URLS",
  solanaFeePayerKey: "PAYMUX_SOLANA_FEE_PAYER_KEY",
  token: "PAYMUX_FACILITATOR_TOKEN",
  redisUrl: "PAYMUX_REDIS_URL",
} as const;

const DEFAULT_PORT = 4020;
const DEFAULT_HOST = "127.0.0.1";
/** Shorter tokens are guessable; 16 characters of a random string is the least we take. */
export const MIN_TOKEN_LENGTH = 16;

/** Reads and validates the configuration; throws one CONFIG_INVALID PaymuxError listing every problem. */
export function parseConfig(env: ServiceEnv): ServiceConfig {
  const problems: string[] = [];
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === "" ? undefined : raw;
  };

  const portText = value(ENV.port);
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!/^\d{1,5}$/.test(portText ?? "0") || port > 65_535) {
    problems.push(`${ENV.port} must be a port number from 0 to 65535`);
  }
  const host = value(ENV.host) ?? DEFAULT_HOST;

  const evmRpcUrls = parseNetworkUrls(ENV.evmRpcUrls, value(ENV.evmRpcUrls), "eip155", problems);
  const solanaRpcUrls = parseNetworkUrls(ENV.solanaRpcUrls, value(ENV.solanaRpcUrls), "solana", problems);
  const evmKey = secret(env, ENV.evmSettlerKey, problems);
  const solanaKey = secret(env, ENV.solanaFeePayerKey, problems);
  const evmSettlerKey = evmKey === undefined ? undefined : parseEvmKey(evmKey, problems);
  const solanaFeePayerKey = solanaKey === undefined ? undefined : parseSolanaKey(solanaKey, problems);

  const evmSet = value(ENV.evmRpcUrls) !== undefined;
  const solanaSet = value(ENV.solanaRpcUrls) !== undefined;
  if (!evmSet && !solanaSet) {
    problems.push(`Set ${ENV.evmRpcUrls} or ${ENV.solanaRpcUrls}: the facilitator serves no network`);
  }
  // A facilitator that cannot settle would verify payments it then fails to collect.
  if (evmSet && evmKey === undefined && !problems.some((problem) => problem.startsWith(ENV.evmSettlerKey))) {
    problems.push(`${ENV.evmSettlerKey} (or ${ENV.evmSettlerKey}_FILE) is required with ${ENV.evmRpcUrls}`);
  }
  if (!evmSet && evmKey !== undefined)
    problems.push(`${ENV.evmSettlerKey} is set but ${ENV.evmRpcUrls} is not`);
  if (solanaSet && solanaKey === undefined && !problems.some((p) => p.startsWith(ENV.solanaFeePayerKey))) {
    problems.push(
      `${ENV.solanaFeePayerKey} (or ${ENV.solanaFeePayerKey}_FILE) is required with ${ENV.solanaRpcUrls}`,
    );
  }
  if (!solanaSet && solanaKey !== undefined) {
    problems.push(`${ENV.solanaFeePayerKey} is set but ${ENV.solanaRpcUrls} is not`);
  }

  const token = value(ENV.token);
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    problems.push(`${ENV.token} must be at least ${MIN_TOKEN_LENGTH} characters`);
  }
  const redisUrl = value(ENV.redisUrl);
  if (redisUrl !== undefined && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) {
    problems.push(`${ENV.redisUrl} must be a redis:// or rediss:// URL`);
  }

  if (problems.length > 0) throw configError(problems);
  return {
    port,
    host,
    evmRpcUrls,
    solanaRpcUrls,
    ...(evmSettlerKey === undefined ? {} : { evmSettlerKey }),
    ...(solanaFeePayerKey === undefined ? {} : { solanaFeePayerKey }),
    ...(token === undefined ? {} : { token }),
    ...(redisUrl === undefined ? {} : { redisUrl }),
  };
}

/** The CONFIG_INVALID error for a list of problems, one per line. */
export function configError(problems: readonly string[]): PaymuxError {
  const list = problems.map((problem) => `  - ${problem}`).join("\n");
  return new PaymuxError("CONFIG_INVALID", `Invalid facilitator configuration:\n${list}`, {
    context: { problems: problems.length },
  });
}

// `caip2=url,caip2=url`: one RPC per network, every network of the expected namespace.
function parseNetworkUrls(
  name: string,
  text: string | undefined,
  namespace: "eip155" | "solana",
  problems: string[],
): Record<string, string> {
  const urls: Record<string, string> = {};
  if (text === undefined) return urls;
  for (const entry of text.split(",").map((part) => part.trim())) {
    if (entry === "") continue;
    const at = entry.indexOf("=");
    const network = at < 0 ? entry : entry.slice(0, at).trim();
    const url = at < 0 ? "" : entry.slice(at + 1).trim();
    const shown = network.slice(0, 64);
    if (!isCaip2(network) || !network.startsWith(`${namespace}:`)) {
      problems.push(`${name}: "${shown}" is not a network of the form ${namespace}:<reference>=URL`);
    } else if (namespace === "eip155" && !/^eip155:[1-9][0-9]{0,15}$/.test(network)) {
      problems.push(`${name}: "${shown}" has no numeric chain id`);
    } else if (!isHttpUrl(url)) {
      // The URL is left out: RPC URLs often carry an API key.
      problems.push(`${name}: the URL for ${network} is not an http(s) URL`);
    } else if (urls[network] !== undefined) {
      problems.push(`${name}: ${network} is listed twice`);
    } else {
      urls[network] = url;
    }
  }
  if (Object.keys(urls).length === 0 && problems.every((problem) => !problem.startsWith(name))) {
    problems.push(`${name} lists no network`);
  }
  return urls;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

// A secret comes from `NAME` or from the file `NAME_FILE` names (container secrets), never both.
function secret(env: ServiceEnv, name: string, problems: string[]): string | undefined {
  const inline = env[name]?.trim() || undefined;
  const file = env[`${name}_FILE`]?.trim() || undefined;
  if (inline !== undefined && file !== undefined) {
    problems.push(`Set only one of ${name} and ${name}_FILE`);
    return undefined;
  }
  if (file === undefined) return inline;
  try {
    const content = readFileSync(file, "utf8").trim();
    if (content === "") problems.push(`${name}_FILE names an empty file`);
    return content === "" ? undefined : content;
  } catch {
    problems.push(`${name}_FILE names a file that cannot be read`);
    return undefined;
  }
}

function parseEvmKey(text: string, problems: string[]): `0x${string}` | undefined {
  const hex = text.startsWith("0x") || text.startsWith("0X") ? text.slice(2) : text;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    problems.push(`${ENV.evmSettlerKey} is not a 32-byte hex private key`);
    return undefined;
  }
  return `0x${hex.toLowerCase()}`;
}

// Base58 of the 64 bytes, or the JSON array of numbers the Solana CLI writes to its keypair files.
function parseSolanaKey(text: string, problems: string[]): Uint8Array | undefined {
  let bytes: Uint8Array | undefined;
  if (text.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(text);
      const valid = Array.isArray(parsed) && parsed.every((n) => Number.isInteger(n) && n >= 0 && n <= 255);
      bytes = valid ? Uint8Array.from(parsed as number[]) : undefined;
    } catch {
      bytes = undefined;
    }
  } else {
    try {
      bytes = Uint8Array.from(getBase58Encoder().encode(text));
    } catch {
      bytes = undefined;
    }
  }
  if (bytes?.length !== 64) {
    problems.push(
      `${ENV.solanaFeePayerKey} is not a 64-byte Solana secret key (base58, or a JSON array of 64 numbers)`,
    );
    return undefined;
  }
  return bytes;
}
