// A kit Solana RPC that records the real RPC's answers and can then replay them without a round trip: the
// verification measured through it is the scheme's own work (decoding, rules, signatures, co-signing), with
// the chain's part taken out. Answers are cloned on replay, since kit may rewrite a response in place.
import { createDefaultRpcTransport, createSolanaRpcFromTransport } from "@solana/kit";

const keyOf = (payload) =>
  `${payload.method} ${JSON.stringify(payload.params, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))}`;

/** `{ rpc, replay() }`: calls go to `url` and are recorded until `replay()`, then recorded ones are replayed. */
export function createReplayRpc(url) {
  const real = createDefaultRpcTransport({ url });
  const recorded = new Map();
  let replaying = false;
  const transport = async ({ payload, signal }) => {
    const key = keyOf(payload);
    const answer = replaying ? recorded.get(key) : undefined;
    if (answer) return { ...structuredClone(answer), id: payload.id };
    const response = await real({ payload, signal });
    recorded.set(key, structuredClone(response));
    return response;
  };
  return {
    rpc: createSolanaRpcFromTransport(transport),
    replay() {
      replaying = true;
    },
  };
}
