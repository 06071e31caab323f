import { offerToRequirementsV2, requirementsV2ToOffer } from "../dialects/offers.js";
import { settleResponseToReceipt } from "../dialects/x402.js";
import { PaymuxError } from "../errors/index.js";
import { canonicalizeJson, decodeBase64 } from "../grammar/index.js";
import type { Offer, Payment } from "../model.js";
import { type AssetInfo, type Caip2, evmChainId, NATIVE_SOL } from "../networks/index.js";
import type { SupportedResponse } from "../schemas/index.js";
import { resolvePrice, type SchemePayee } from "../scheme/index.js";
import type { FacilitatorClient } from "./facilitator-client.js";

/**
 * Payees that verify and settle through a remote facilitator: one per (scheme, network) kind its `/supported`
 * lists for x402 v2. Offers are priced locally from the asset table (no chain access here), with the kind's
 * `extra` (Solana's `feePayer`) and the token's EIP-712 domain.
 */
export function remotePayees(
  client: FacilitatorClient,
  supported: SupportedResponse,
  assets: readonly AssetInfo[] = [],
): SchemePayee[] {
  const kinds = supported.kinds.filter((kind) => kind.x402Version === 2 && kind.network.includes(":"));
  return kinds.map((kind) =>
    remotePayee(client, kind.scheme, kind.network as Caip2, kind.extra ?? {}, assets),
  );
}

function remotePayee(
  client: FacilitatorClient,
  scheme: string,
  network: Caip2,
  kindExtra: Record<string, unknown>,
  tableAssets: readonly AssetInfo[],
): SchemePayee {
  const body = (payment: Payment, offer: Offer) => {
    const requirements = offerToRequirementsV2(offer);
    return {
      x402Version: 2 as const,
      paymentPayload: { x402Version: 2 as const, accepted: requirements, payload: x402Payload(payment) },
      paymentRequirements: requirements,
    };
  };
  return {
    scheme,
    networks: [network],
    createOffer(parameters) {
      if (parameters.network !== network) return undefined;
      const assets = [...(parameters.assets ?? []), ...tableAssets];
      const resolved = resolvePrice(parameters.price, network, { assets, defaultSymbol: "SOL" });
      if (!resolved) return undefined;
      const solana = network.startsWith("solana:");
      // x402 `exact` on Solana moves SPL tokens only; a sponsored SOL transfer is no layout a verifier accepts.
      if (solana && scheme === "exact" && resolved.asset === NATIVE_SOL) return undefined;
      const info = resolved.info;
      const extra: Record<string, unknown> = {
        ...kindExtra,
        ...(info?.eip712 && !solana ? { name: info.eip712.name, version: info.eip712.version } : {}),
        ...(solana && info && resolved.asset !== NATIVE_SOL
          ? { decimals: info.decimals, ...(info.tokenProgram ? { tokenProgram: info.tokenProgram } : {}) }
          : {}),
        ...resolved.extra,
        ...parameters.extra,
      };
      return requirementsV2ToOffer(
        offerToRequirementsV2({
          scheme,
          network,
          asset: resolved.asset,
          amount: resolved.amount,
          payTo: parameters.payTo,
          maxTimeoutSeconds: parameters.maxTimeoutSeconds ?? 60,
          extra,
        }),
      );
    },
    replayKeys(payment) {
      return [replayKey(scheme, network, payment)];
    },
    async verify(payment, offer) {
      const result = await client.verify(body(payment, offer));
      if (result.isValid) return { valid: true, payer: result.payer ?? "" };
      return {
        valid: false,
        reason: result.invalidReason ?? "invalid_payload",
        message: result.invalidMessage ?? "the facilitator refused the payment",
        ...(result.payer ? { payer: result.payer } : {}),
      };
    },
    async settle(payment, offer) {
      return settleResponseToReceipt(await client.settle(body(payment, offer)));
    },
  };
}

/** The payment's payload in x402 form: IETF credentials carry the same proofs in a flatter shape. */
function x402Payload(payment: Payment): Record<string, unknown> {
  const payload = payment.payload;
  if (payment.dialect !== "payment-auth") return { ...payload };
  if (
    payment.network.startsWith("eip155:") &&
    typeof payload["signature"] === "string" &&
    !payload["authorization"]
  ) {
    const { signature, from, to, value, validAfter, validBefore, nonce } = payload;
    return { signature, authorization: { from, to, value, validAfter, validBefore, nonce } };
  }
  const { type: _type, ...rest } = payload;
  return rest;
}

/**
 * Single use needs a key that any copy of one payment shares: EVM's (chain, token, from, nonce) as the chain
 * itself enforces, Solana's payer signatures (unique per message), else the canonical payload.
 */
function replayKey(scheme: string, network: Caip2, payment: Payment): string {
  const payload = x402Payload(payment);
  const authorization = payload["authorization"] as Record<string, unknown> | undefined;
  if (network.startsWith("eip155:") && authorization) {
    const from = String(authorization["from"]).toLowerCase();
    const nonce = String(authorization["nonce"]).toLowerCase();
    return `remote:${scheme}:${evmChainId(network)}:${from}:${nonce}`;
  }
  if (typeof payload["transaction"] === "string") {
    return `remote:${scheme}:${network}:${signaturesOf(payload["transaction"])}`;
  }
  return `remote:${scheme}:${network}:${canonicalizeJson(payload)}`;
}

// A Solana wire transaction starts with a compact-u16 signature count and the 64-byte signatures; the filled ones
// (the payer's, not the empty fee-payer slot) identify the message.
function signaturesOf(transaction: string): string {
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(transaction);
  } catch (cause) {
    throw new PaymuxError("CREDENTIAL_MALFORMED", "The Solana transaction is not base64", { cause });
  }
  let count = 0;
  let offset = 0;
  for (let shift = 0; shift < 21; shift += 7) {
    const byte = bytes[offset++] ?? 0;
    count |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) break;
  }
  if (count === 0 || count > 8 || bytes.length < offset + count * 64) {
    throw new PaymuxError("CREDENTIAL_MALFORMED", "The Solana transaction has no readable signatures");
  }
  const filled: string[] = [];
  for (let i = 0; i < count; i++) {
    const signature = bytes.subarray(offset + i * 64, offset + (i + 1) * 64);
    if (signature.some((byte) => byte !== 0)) {
      filled.push(Array.from(signature, (byte) => byte.toString(16).padStart(2, "0")).join(""));
    }
  }
  if (filled.length === 0)
    throw new PaymuxError("CREDENTIAL_MALFORMED", "The Solana transaction is unsigned");
  return filled.join(".");
}
