import {
  importOptional,
  isPaymuxError,
  type OfferPreferences,
  PaymuxError,
  type SchemePayer,
} from "@paymux/core";
import { wrapFetch } from "./fetch.js";
import type { ClientEvent, Fetcher, PaymuxFetch } from "./types.js";

/** What `@paymux/local` gives the zero-config mode: lazy payers that fund ephemeral wallets on first use. */
type ZeroConfigPayers = {
  payers: SchemePayer[];
  allowedNetworks: string[];
  preferences?: OfferPreferences;
};
type LocalModule = {
  createZeroConfigPayers?: (parameters?: Record<string, unknown>) => ZeroConfigPayers;
  runningLocalPayments?: () => readonly { networks: readonly string[] }[];
};

/** Options of {@link createZeroConfigFetch}. */
export type CreateZeroConfigFetchParameters = {
  fetch?: Fetcher;
  onEvent?: (event: ClientEvent) => void;
  /** Passed to `@paymux/local`'s `createZeroConfigPayers` (RPC URLs of devnet/testnet, faucet retries). */
  local?: Record<string, unknown>;
};

/**
 * A paying fetch with no wallet set-up (the mpp-test-sdk `mppFetch` experience): ephemeral wallets per network,
 * funded from the local chains running in this process or from the Solana devnet/testnet faucet. It pays only
 * on those networks: a mainnet offer is refused before anything is signed. Needs `@paymux/local`.
 */
export async function createZeroConfigFetch(
  parameters: CreateZeroConfigFetchParameters = {},
): Promise<PaymuxFetch> {
  const local = await importOptional<LocalModule>("@paymux/local");
  const create = local?.createZeroConfigPayers;
  if (typeof create !== "function") {
    throw new PaymuxError(
      "CONFIG_INVALID",
      "Zero-config payments need @paymux/local (npm install -D @paymux/local), or use wrapFetch with your own payers",
    );
  }
  const base = parameters.fetch ?? ((request: Request) => globalThis.fetch(request));
  // Local chains may start after this fetch exists (a zero-config server starts them on its first request), so
  // the payers are rebuilt whenever the set of running local chains has changed.
  const runningKey = () =>
    (local?.runningLocalPayments?.() ?? [])
      .flatMap((entry) => entry.networks)
      .sort()
      .join(",");
  let built: { key: string; fetch: PaymuxFetch } | undefined;
  const current = () => {
    const key = runningKey();
    if (built?.key !== key) {
      const zero = create(parameters.local);
      const fetch = wrapFetch(base, {
        // Registered for every EVM and Solana network so that an offer elsewhere (a mainnet) meets the policy and
        // is refused by name (`allowedNetworks`) rather than reported as unpayable; nothing is signed either way.
        payers: zero.payers.map((payer) => ({ ...payer, networks: ["eip155:*", "solana:*"] })),
        policy: { allowedNetworks: zero.allowedNetworks },
        ...(zero.preferences ? { preferences: zero.preferences } : {}),
        ...(parameters.onEvent ? { onEvent: parameters.onEvent } : {}),
      });
      built = { key, fetch };
    }
    return built;
  };
  const pay = async (input: string | URL | Request, init?: RequestInit) => {
    const attempt = current();
    try {
      return await attempt.fetch(input, init);
    } catch (error) {
      // Refused before signing because the server's chains were not running yet: once more with them.
      const refused = isPaymuxError(error, "POLICY_REJECTED") || isPaymuxError(error, "SCHEME_UNSUPPORTED");
      if (!refused || runningKey() === attempt.key) throw error;
      return current().fetch(input, init);
    }
  };
  return Object.assign(pay, {
    quote: (input: string | URL | Request, init?: RequestInit) => current().fetch.quote(input, init),
  });
}

let shared: Promise<PaymuxFetch> | undefined;

/** `const res = await paymuxFetch(url)`: pays any 402 on local chains or a Solana devnet/testnet, no set-up. */
export async function paymuxFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  shared ??= createZeroConfigFetch();
  shared.catch(() => {
    shared = undefined;
  });
  return (await shared)(input, init);
}
