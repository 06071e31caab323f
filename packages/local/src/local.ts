import { type AssetInfo, PaymuxError } from "@paymux/core";
import type { LocalServerSetup } from "@paymux/core/server";
import { type EvmPart, startEvmPart } from "./evm.js";
import { registerLocalPayments, unregisterLocalPayments } from "./registry.js";
import { type SolanaPart, startSolanaPart } from "./solana.js";
import type {
  CreateLocalPayerParameters,
  LocalPayer,
  LocalPayments,
  StartLocalPaymentsParameters,
} from "./types.js";

/**
 * Starts anvil (test USDC) and the LiteSVM Solana JSON-RPC on loopback, with fresh receiving wallets, a funded
 * settler and fee payer, and `exact` + `push` payees on both. Nothing here reaches a public network. The setup
 * is listed by {@link runningLocalPayments} until its `stop()`, so zero-config payers can pay on it.
 */
export async function startLocalPayments(
  parameters: StartLocalPaymentsParameters = {},
): Promise<LocalPayments> {
  const evmOption = parameters.evm ?? true;
  const solanaOption = parameters.solana ?? true;
  if (evmOption === false && solanaOption === false) {
    throw new PaymuxError("CONFIG_INVALID", "startLocalPayments needs at least one of `evm` and `solana`");
  }
  // Both chains start together; if one fails, the other must not be left running.
  const [evmStarted, solanaStarted] = await Promise.allSettled([
    evmOption === false ? undefined : startEvmPart(evmOption === true ? undefined : evmOption.impersonate),
    solanaOption === false
      ? undefined
      : startSolanaPart(solanaOption === true ? undefined : solanaOption.impersonate),
  ]);
  const started = [evmStarted, solanaStarted].flatMap((result) =>
    result.status === "fulfilled" && result.value ? [result.value] : [],
  );
  const failed = [evmStarted, solanaStarted].find((result) => result.status === "rejected");
  if (failed) {
    await Promise.allSettled(started.map((part) => part.stop()));
    throw failed.reason;
  }
  const evm = evmStarted.status === "fulfilled" ? evmStarted.value : undefined;
  const solana = solanaStarted.status === "fulfilled" ? solanaStarted.value : undefined;
  return assemble(evm, solana);
}

/** The zero-config server setup: {@link startLocalPayments} with every default (core imports it by this name). */
export async function createLocalServerSetup(): Promise<LocalServerSetup> {
  return startLocalPayments();
}

function assemble(evm: EvmPart | undefined, solana: SolanaPart | undefined): LocalPayments {
  const payTo: Record<string, string> = {};
  const networks: string[] = [];
  const assets: AssetInfo[] = [];
  if (evm) {
    payTo[evm.handle.caip2] = evm.handle.recipient;
    networks.push(evm.handle.caip2);
    assets.push(evm.handle.asset);
  }
  if (solana) {
    payTo[solana.handle.caip2] = solana.handle.recipient;
    networks.push(solana.handle.caip2);
    assets.push(...solana.handle.assets);
  }
  let stopping: Promise<void> | undefined;

  const local: LocalPayments = {
    payees: [...(evm?.payees ?? []), ...(solana?.payees ?? [])],
    payTo,
    networks,
    assets,
    ...(evm ? { evm: evm.handle } : {}),
    ...(solana ? { solana: solana.handle } : {}),
    async createPayer(parameters: CreateLocalPayerParameters = {}): Promise<LocalPayer> {
      const [onEvm, onSolana] = await Promise.all([
        evm?.createPayer(parameters),
        solana?.createPayer(parameters),
      ]);
      return {
        ...(onEvm?.evm ? { evm: onEvm.evm } : {}),
        ...(onSolana?.solana ? { solana: onSolana.solana } : {}),
        payers: [...(onEvm?.payers ?? []), ...(onSolana?.payers ?? [])],
      };
    },
    balances(address: string, network: string) {
      if (evm && network === evm.handle.caip2) return evm.balances(address);
      if (solana && network === solana.handle.caip2) return solana.balances(address);
      return Promise.reject(
        new PaymuxError("NETWORK_UNKNOWN", "Not one of the local networks", {
          context: { network, networks: networks.join(",") },
        }),
      );
    },
    stop() {
      // Out of the registry at once: zero-config clients must not start paying on a chain that is going away.
      unregisterLocalPayments(local);
      // Idempotent: a second call (an exit hook after a test's afterAll) waits for the same shutdown.
      stopping ??= Promise.allSettled([evm?.stop(), solana?.stop()]).then((results) => {
        const failure = results.find((result) => result.status === "rejected");
        if (failure) throw failure.reason;
      });
      return stopping;
    },
  };
  registerLocalPayments(local);
  return local;
}
