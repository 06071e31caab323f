import { PaymuxError } from "../errors/index.js";
import type { Offer } from "../model.js";
import { parseAtomic } from "../money/index.js";
import { type Caip2, caip2ToV1Network, isCaip2, v1NetworkToCaip2 } from "../networks/index.js";
import type { PaymentRequirementsV1, PaymentRequirementsV2, ResourceInfo } from "../schemas/index.js";

/** Offer → x402 v2 `PaymentRequirements`, keys in the order the spec's vectors use. */
export function offerToRequirementsV2(offer: Offer): PaymentRequirementsV2 {
  return {
    scheme: offer.scheme,
    network: offer.network,
    amount: offer.amount.toString(),
    asset: offer.asset,
    payTo: offer.payTo,
    maxTimeoutSeconds: offer.maxTimeoutSeconds,
    extra: { ...offer.extra },
  };
}

/** x402 v2 `PaymentRequirements` → Offer (the network must be CAIP-2, the amount canonical). */
export function requirementsV2ToOffer(requirements: PaymentRequirementsV2): Offer {
  return {
    scheme: requirements.scheme,
    network: toCaip2(requirements.network),
    asset: requirements.asset,
    amount: parseAtomic(requirements.amount),
    payTo: requirements.payTo,
    maxTimeoutSeconds: requirements.maxTimeoutSeconds,
    extra: requirements.extra ?? {},
  };
}

/**
 * Network name for x402 v1. v1 has names only for well-known chains; for others (local chains) paymux
 * writes the CAIP-2 id, which paymux peers read back.
 */
export function v1NetworkName(network: string): string {
  return caip2ToV1Network(network) ?? network;
}

/** x402 v1 network name (or CAIP-2) → CAIP-2. */
export function fromV1Network(name: string): Caip2 {
  const id = v1NetworkToCaip2(name) ?? (isCaip2(name) ? name : undefined);
  if (!id) {
    throw new PaymuxError("NETWORK_UNKNOWN", "Unknown x402 v1 network name", {
      context: { network: name.slice(0, 64) },
    });
  }
  return id;
}

/** Offer → x402 v1 `PaymentRequirements`, keys in the order of the v1 spec example. */
export function offerToRequirementsV1(offer: Offer, resource: ResourceInfo): PaymentRequirementsV1 {
  return {
    scheme: offer.scheme,
    network: v1NetworkName(offer.network),
    maxAmountRequired: offer.amount.toString(),
    asset: offer.asset,
    payTo: offer.payTo,
    resource: resource.url,
    description: resource.description ?? "",
    mimeType: resource.mimeType ?? "",
    outputSchema: null,
    maxTimeoutSeconds: offer.maxTimeoutSeconds,
    extra: { ...offer.extra },
  };
}

/** x402 v1 `PaymentRequirements` → Offer. */
export function requirementsV1ToOffer(requirements: PaymentRequirementsV1): Offer {
  return {
    scheme: requirements.scheme,
    network: fromV1Network(requirements.network),
    asset: requirements.asset,
    amount: parseAtomic(requirements.maxAmountRequired),
    payTo: requirements.payTo,
    maxTimeoutSeconds: requirements.maxTimeoutSeconds,
    extra: requirements.extra ?? {},
  };
}

function toCaip2(network: string): Caip2 {
  if (!isCaip2(network)) {
    throw new PaymuxError("NETWORK_INVALID", "x402 v2 networks are CAIP-2 ids", {
      context: { network: network.slice(0, 64) },
    });
  }
  return network;
}
