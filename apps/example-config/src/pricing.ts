/** $0.001 per started 1,000 characters of `text` ($0.001 at least): the example APIs' summary price. */
export function summarizePrice(text: unknown): string {
  const length = typeof text === "string" ? text.length : 0;
  const thousands = Math.max(1, Math.ceil(length / 1000));
  return `$${(thousands / 1000).toFixed(3)}`;
}
