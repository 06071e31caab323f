// Random and near-valid input into core's value parsers: money (amounts, prices), networks (CAIP-2 and CAIP-10
// style ids, v1 names, Solana clusters, assets), every exported schema, and the base64/JSON helpers. Values
// or PaymuxErrors only, and the values must be what the parser promises (a bigint in range, a CAIP-2 id).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as core from "../src/index.js";
import {
  caip2ToSolanaCluster,
  caip2ToV1Network,
  decodeBase64,
  decodeBase64Json,
  decodeBase64Url,
  decodeBase64UrlJson,
  encodeBase64,
  encodeBase64Url,
  evmChainId,
  findAsset,
  formatCaip2,
  formatUnits,
  fromV1Network,
  isCaip2,
  isMainnet,
  KNOWN_ASSETS,
  MAX_UINT256,
  matchNetworkPattern,
  parseAtomic,
  parseCaip2,
  parsePrice,
  parseSchema,
  parseUnits,
  resolveNetwork,
  SOLANA_DEVNET,
  SOLANA_MAINNET,
  sameAsset,
  solanaClusterToCaip2,
  utf8Decode,
  utf8Encode,
  v1NetworkToCaip2,
} from "../src/index.js";
import { FUZZ_TIMEOUT_MS, pool, runs, valueOrPaymuxError } from "./fuzz-helpers.js";
import { anyOffer, credentialJson, paymentRequiredJson, paymentSignatureJson } from "./fuzz-models.js";
import { mutateJson, mutateText, nearValid } from "./fuzz-mutators.js";
import { hostileJson, hostileString, NUMBERISH, PROTO_KEYS } from "./fuzz-values.js";

const decimals = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 36 }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 37, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -0) },
);
const validDecimal = fc
  .tuple(fc.bigInt({ min: 0n, max: MAX_UINT256 }), fc.integer({ min: 0, max: 18 }))
  .map(([value, places]) => formatUnits(value, places));
const amountText = fc.oneof(hostileString, fc.constantFrom(...NUMBERISH), nearValid(validDecimal));

const KNOWN_NETWORKS = [
  "eip155:8453",
  "eip155:84532",
  "eip155:1",
  SOLANA_DEVNET,
  SOLANA_MAINNET,
  "base",
  "base-sepolia",
  "solana-devnet",
  "devnet",
  "mainnet-beta",
];
const networkText = fc.oneof(
  hostileString,
  fc.constantFrom(...PROTO_KEYS),
  nearValid(fc.constantFrom(...KNOWN_NETWORKS)),
  // CAIP-10 account ids and other near misses of CAIP-2.
  fc
    .constantFrom(...KNOWN_NETWORKS)
    .map((network) => `${network}:0x209693Bc6afc0C5328bA36FaF03C514EF312287C`),
  fc.stringMatching(/^[-a-z0-9]{2,9}:[-_a-zA-Z0-9]{0,33}$/),
);
const assetText = fc.oneof(
  hostileString,
  fc.constantFrom(...KNOWN_ASSETS.map((asset) => asset.address), "USDC", "sol"),
);

const expectCaip2OrUndefined = (value: unknown) => expect(value === undefined || isCaip2(value)).toBe(true);

describe("money: values or PaymuxErrors, and values in range", () => {
  it(
    "parseUnits / formatUnits",
    () => {
      fc.assert(
        fc.property(amountText, decimals, (text, places) =>
          valueOrPaymuxError(() => {
            const atomic = parseUnits(text, places);
            expect(atomic >= 0n && atomic <= MAX_UINT256).toBe(true);
            expect(parseUnits(formatUnits(atomic, places), places)).toBe(atomic);
          }),
        ),
        runs(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "parseAtomic (any JSON value, as wire amounts arrive)",
    () => {
      fc.assert(
        fc.property(fc.oneof(amountText, hostileJson, fc.bigInt()), (value) =>
          valueOrPaymuxError(() => {
            const atomic = parseAtomic(value);
            expect(atomic >= 0n && atomic <= MAX_UINT256 && atomic.toString() === value).toBe(true);
          }),
        ),
        runs(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "formatUnits (any bigint, any decimals)",
    () => {
      const big = fc.oneof(fc.bigInt(), fc.bigInt({ min: -(1n << 300n), max: 1n << 300n }));
      fc.assert(
        fc.property(big, decimals, (value, places) => valueOrPaymuxError(() => formatUnits(value, places))),
        runs(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "parsePrice (strings and atomic price objects)",
    () => {
      const text = fc.oneof(
        amountText,
        nearValid(fc.constantFrom("$0.01", "0.01 USDC", "0.001 SOL", "$ 5", "12")),
        amountText.map((amount) => `$${amount}`),
        amountText.map((amount) => `${amount} USDC`),
      );
      const atomic = mutateJson(fc.constant({ amount: "1000", asset: "sol" })).map((value) => {
        const record = value as Record<string, unknown>;
        return typeof record?.["amount"] === "string" && /^\d+$/.test(record["amount"])
          ? { ...record, amount: BigInt(record["amount"]) }
          : value;
      });
      fc.assert(
        fc.property(fc.oneof(text, atomic, hostileJson), (price) =>
          valueOrPaymuxError(() => parsePrice(price as core.Price)),
        ),
        runs(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe("networks and assets: values or PaymuxErrors, and only CAIP-2 ids come out", () => {
  it(
    "CAIP-2 parsing, v1 names, Solana clusters, informal names",
    () => {
      fc.assert(
        fc.property(networkText, networkText, (a, b) => {
          valueOrPaymuxError(() =>
            expect(isCaip2(`${parseCaip2(a).namespace}:${parseCaip2(a).reference}`)).toBe(true),
          );
          valueOrPaymuxError(() => expect(Number.isSafeInteger(evmChainId(a))).toBe(true));
          valueOrPaymuxError(() => expect(isCaip2(formatCaip2(a, b))).toBe(true));
          valueOrPaymuxError(() => expect(isCaip2(fromV1Network(a))).toBe(true));
          expectCaip2OrUndefined(resolveNetwork(a));
          expectCaip2OrUndefined(v1NetworkToCaip2(a));
          expectCaip2OrUndefined(solanaClusterToCaip2(a));
          expect(["string", "undefined"]).toContain(typeof caip2ToSolanaCluster(a));
          expect(["string", "undefined"]).toContain(typeof caip2ToV1Network(a));
          expect(typeof isMainnet(a)).toBe("boolean");
          expect([-1, 0, 1, 2]).toContain(matchNetworkPattern(a, b));
        }),
        runs(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "asset lookups",
    () => {
      fc.assert(
        fc.property(networkText, assetText, assetText, (network, asset, other) => {
          const found = findAsset(network, asset);
          expect(found === undefined || found.network === network).toBe(true);
          expect(typeof sameAsset(asset, other)).toBe("boolean");
        }),
        runs(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

// Every exported valibot schema, fed what a peer could send where it is used.
type Schema = Parameters<typeof parseSchema>[0];
const schemas = Object.entries(core as Record<string, unknown>).filter(
  (entry): entry is [string, Schema] =>
    entry[0].endsWith("Schema") &&
    typeof entry[1] === "object" &&
    entry[1] !== null &&
    "~standard" in entry[1],
);
const schemaInput = fc.oneof(
  hostileJson,
  mutateJson(pool(paymentRequiredJson)),
  mutateJson(pool(paymentSignatureJson)),
  mutateJson(pool(credentialJson)),
  mutateJson(pool(anyOffer.map((offer) => core.offerToRequirementsV2(offer)))),
  mutateJson(fc.constant({ x402Version: 2, paymentPayload: {}, paymentRequirements: {} })),
);

describe("schemas: parseSchema returns the value or throws a PaymuxError", () => {
  it("covers every exported schema", () => expect(schemas.length).toBeGreaterThan(30));

  it(
    "every exported schema, on hostile and near-valid JSON",
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...schemas), schemaInput, ([name, schema], value) =>
          valueOrPaymuxError(() => parseSchema(schema, value, name)),
        ),
        runs(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe("base64 and JSON helpers on near-valid encodings", () => {
  const json = pool(fc.jsonValue({ maxDepth: 3 }));
  it(
    "standard base64 and base64url, bytes and JSON",
    () => {
      const encoded = fc.oneof(
        nearValid(json.map((value) => encodeBase64(utf8Encode(JSON.stringify(value))))),
        nearValid(json.map((value) => encodeBase64Url(utf8Encode(JSON.stringify(value))))),
        mutateText(json.map((value) => encodeBase64(utf8Encode(JSON.stringify(value))).replace(/=+$/, ""))),
      );
      fc.assert(
        fc.property(encoded, (text) => {
          valueOrPaymuxError(() => decodeBase64Json(text));
          valueOrPaymuxError(() => decodeBase64UrlJson(text));
          valueOrPaymuxError(() => utf8Decode(decodeBase64(text)));
          valueOrPaymuxError(() => utf8Decode(decodeBase64Url(text)));
        }),
        runs(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe("regressions found by fuzzing", () => {
  it("network and scheme names that are Object.prototype members are unknown, not Object's own", () => {
    for (const name of PROTO_KEYS) {
      expect(resolveNetwork(name)).toBeUndefined();
      expect(v1NetworkToCaip2(name)).toBeUndefined();
      expect(solanaClusterToCaip2(name)).toBeUndefined();
      const offer = {
        scheme: name,
        network: "eip155:8453" as const,
        asset: "0x01",
        amount: 1n,
        payTo: "0x02",
      };
      expect(core.groupOffersForPaymentAuth([{ ...offer, maxTimeoutSeconds: 60, extra: {} }])).toEqual([]);
    }
    expect(core.decodeX402AuthChallenges("x402 amount=1, currency=USDC, network=__proto__")).toEqual([]);
  });
});
