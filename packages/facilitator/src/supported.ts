import {
  type Caip2,
  caip2ToV1Network,
  isCaip2,
  type SchemePayee,
  type SupportedKind,
  type SupportedResponse,
} from "@paymux/core";

/**
 * The `/supported` body, as the reference builds it: one kind per x402 version × scheme × concrete network. Besides
 * x402's `exact`, paymux's `push` kinds are listed too (other SDKs skip schemes they do not know), so paymux
 * servers can verify IETF `hash`/`signature` credentials through a facilitator
 * (wildcard patterns such as `solana:*` cannot be listed, so they are left out) and the settlement signers
 * grouped by CAIP family (`eip155:*`).
 */
export function buildSupported(payees: readonly SchemePayee[]): SupportedResponse {
  const v2: SupportedKind[] = [];
  const v1: SupportedKind[] = [];
  const signers = new Map<string, Set<string>>();
  for (const payee of payees) {
    for (const pattern of payee.networks) {
      if (!isCaip2(pattern)) continue;
      const network: Caip2 = pattern;
      const extra = payee.supportedExtra?.(network);
      const withExtra = extra === undefined ? {} : { extra: { ...extra } };
      v2.push({ x402Version: 2, scheme: payee.scheme, network, ...withExtra });
      // v1 names only well-known chains; paymux peers read a CAIP-2 id in its place.
      const v1Network = caip2ToV1Network(network) ?? network;
      v1.push({ x402Version: 1, scheme: payee.scheme, network: v1Network, ...withExtra });
      const family = `${network.split(":")[0]}:*`;
      const addresses = signers.get(family) ?? new Set<string>();
      for (const address of payee.signers?.(network) ?? []) addresses.add(address);
      signers.set(family, addresses);
    }
  }
  return {
    kinds: [...v2, ...v1],
    extensions: [],
    signers: Object.fromEntries([...signers].map(([family, addresses]) => [family, [...addresses]])),
  };
}
