import { PaymuxError } from "../../errors/index.js";
import { MAX_HEADER_LENGTH } from "../../grammar/index.js";

/** One range of an `Accept-Payment` request header: `method/intent;q=…` (`*` wildcards allowed). */
export type AcceptPaymentRange = { method: string; intent: string; q: number };

const RANGE = /^([a-z][a-z0-9:_-]*|\*)\/([A-Za-z0-9-]+|\*)$/;
const QVALUE = /^(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$/;

/** Parses `Accept-Payment` (payment-auth.md §1.5). Malformed input throws `HEADER_MALFORMED`. */
export function parseAcceptPayment(value: string): AcceptPaymentRange[] {
  if (value.length > MAX_HEADER_LENGTH)
    throw new PaymuxError("HEADER_TOO_LARGE", "Accept-Payment is too large");
  const ranges: AcceptPaymentRange[] = [];
  for (const element of value.split(",")) {
    const trimmed = element.trim();
    if (trimmed === "") continue;
    const [token = "", ...params] = trimmed.split(";").map((part) => part.trim());
    const match = RANGE.exec(token);
    if (!match?.[1] || !match[2]) {
      throw new PaymuxError("HEADER_MALFORMED", "Accept-Payment range is not method/intent", {
        context: { range: token.slice(0, 40) },
      });
    }
    let q = 1;
    for (const param of params) {
      const [name = "", weight = ""] = param.split("=").map((part) => part.trim());
      if (name.toLowerCase() !== "q" || !QVALUE.test(weight)) {
        throw new PaymuxError("HEADER_MALFORMED", "Accept-Payment weight is not q=<0..1>", {
          context: { param: param.slice(0, 40) },
        });
      }
      q = Number(weight);
    }
    ranges.push({ method: match[1], intent: match[2], q });
  }
  return ranges;
}

/** Serializes ranges; q=1 is left implicit. */
export function serializeAcceptPayment(ranges: readonly AcceptPaymentRange[]): string {
  return ranges.map((r) => `${r.method}/${r.intent}${r.q === 1 ? "" : `;q=${r.q}`}`).join(", ");
}

/**
 * The client's weight for a method and intent: the most specific matching range wins (fewest wildcards,
 * then higher q, then earlier). Undefined when no range matches; 0 means "never".
 */
export function acceptPaymentWeight(
  ranges: readonly AcceptPaymentRange[],
  method: string,
  intent: string,
): number | undefined {
  let best: { specificity: number; q: number } | undefined;
  for (const range of ranges) {
    if (
      (range.method !== "*" && range.method !== method) ||
      (range.intent !== "*" && range.intent !== intent)
    )
      continue;
    const specificity = (range.method === "*" ? 0 : 1) + (range.intent === "*" ? 0 : 1);
    if (!best || specificity > best.specificity || (specificity === best.specificity && range.q > best.q)) {
      best = { specificity, q: range.q };
    }
  }
  return best?.q;
}
