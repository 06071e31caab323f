// Reads a V8 .cpuprofile (node --cpu-prof) and ranks functions by self time and by total (inclusive) time,
// so the hot path of the server can be read without DevTools.
import { readFileSync } from "node:fs";

const shortUrl = (url) =>
  url
    .replace(/^file:\/\//, "")
    .replace(/.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, "")
    .replace(/.*\/(packages\/[^/]+\/)/, "$1");

/** Top `limit` functions by self and by inclusive time, in ms, from one profile file. */
export function summarizeProfile(path, limit = 25) {
  const profile = JSON.parse(readFileSync(path, "utf8"));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // Sample i took timeDeltas[i + 1] µs; the last sample's duration is unknown, so it counts as the mean.
  const self = new Map();
  const deltas = profile.timeDeltas;
  const mean = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length);
  profile.samples.forEach((id, index) => {
    self.set(id, (self.get(id) ?? 0) + (deltas[index + 1] ?? mean));
  });
  const key = (node) => {
    const frame = node.callFrame;
    return `${frame.functionName || "(anonymous)"} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
  };
  const selfByKey = new Map();
  const totalByKey = new Map();
  let total = 0;
  for (const [id, us] of self) {
    total += us;
    const node = byId.get(id);
    selfByKey.set(key(node), (selfByKey.get(key(node)) ?? 0) + us);
    // Inclusive: every distinct function on the stack gets the sample once (recursion counted once).
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const k = key(byId.get(at));
      if (seen.has(k)) continue;
      seen.add(k);
      totalByKey.set(k, (totalByKey.get(k) ?? 0) + us);
    }
  }
  const top = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 100) / 10,
        share: Math.round((us / total) * 1000) / 10,
      }));
  return { totalMs: Math.round(total / 1000), self: top(selfByKey), inclusive: top(totalByKey) };
}
