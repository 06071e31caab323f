// Pays one chosen offer of a real 402 (a dialect, a scheme and a network), so server tests can exercise each
// dialect on purpose. Reading and signing are @paymux/client's own: what any paying client sends.
import { createPaymentHeaders, readOffers } from "@paymux/client";
import { type Dialect, matchNetworkPattern, PaymuxError, type SchemePayer } from "@paymux/core";

/** Which offer to pay: a dialect, a scheme and a network (CAIP-2). */
export type Pick = { dialect: Dialect; scheme: string; network: string };

/** Signs the picked offer of a 402 and returns the headers of the paid retry. */
export async function payHeaders(
  response: Response,
  pick: Pick,
  payers: readonly SchemePayer[],
): Promise<Record<string, string>> {
  const { offers } = await readOffers(response);
  const offer = offers.find(
    (entry) =>
      entry.source.dialect === pick.dialect && entry.scheme === pick.scheme && entry.network === pick.network,
  );
  if (!offer)
    throw new PaymuxError("OFFER_NOT_FOUND", `No ${pick.dialect} ${pick.scheme} offer on ${pick.network}`);
  const payer = payers.find(
    (entry) =>
      entry.scheme === offer.scheme &&
      entry.networks.some((pattern) => matchNetworkPattern(pattern, offer.network) >= 0),
  );
  if (!payer) throw new PaymuxError("SCHEME_UNSUPPORTED", `No payer for ${offer.scheme} on ${offer.network}`);
  return (await createPaymentHeaders(offer, payer)).headers;
}
