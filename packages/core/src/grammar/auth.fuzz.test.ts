import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  type AuthChallenge,
  parseAuthorization,
  parseChallenges,
  serializeAuthorization,
  serializeChallenge,
} from "./auth.js";
import { isToken, quoteString } from "./lexer.js";
import {
  anyUnicodeString,
  challengeShapedString,
  FUZZ_RUNS,
  fieldTextArb,
  headerishString,
  mutated,
  paramsArb,
  returnsOrThrowsPaymuxError,
  tokenArb,
} from "./test-helpers.js";

const runs = { numRuns: FUZZ_RUNS };
const legacy = { legacySpaceSeparated: true };

const token68Arb = fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,20}={0,2}$/);
const challengeArb: fc.Arbitrary<AuthChallenge> = fc.oneof(
  fc.record({ scheme: tokenArb, params: paramsArb(fieldTextArb) }),
  fc.record({ scheme: tokenArb, token68: token68Arb, params: fc.constant({}) }),
);
const challengesArb = fc.array(challengeArb, { maxLength: 5 });
const serializedLineArb = challengesArb.map((challenges) => challenges.map(serializeChallenge).join(", "));

describe("serialize → parse is the identity", () => {
  test("one challenge", () => {
    fc.assert(
      fc.property(challengeArb, (challenge) => {
        expect(parseChallenges(serializeChallenge(challenge))).toEqual([challenge]);
      }),
      runs,
    );
  });

  test("a list, as field lines and as one joined line, strict and legacy", () => {
    fc.assert(
      fc.property(challengesArb, (challenges) => {
        const lines = challenges.map(serializeChallenge);
        expect(parseChallenges(lines)).toEqual(challenges);
        expect(parseChallenges(lines.join(", "))).toEqual(challenges);
        expect(parseChallenges(lines.join(",\t ,"), legacy)).toEqual(challenges);
      }),
      runs,
    );
  });

  test("authorization", () => {
    fc.assert(
      fc.property(challengeArb, (credentials) => {
        expect(parseAuthorization(serializeAuthorization(credentials))).toEqual(credentials);
      }),
      runs,
    );
  });

  test("legacy space-separated params (bare tokens or quoted values)", () => {
    const valueArb = fc.oneof(tokenArb, fieldTextArb);
    fc.assert(
      fc.property(tokenArb, paramsArb(valueArb), fc.constantFrom(" ", "  ", "\t"), (scheme, params, gap) => {
        const names = Object.keys(params);
        fc.pre(names.length > 0);
        const pairs = names.map((name) => {
          const value = params[name] as string;
          return `${name}=${isToken(value) ? value : quoteString(value)}`;
        });
        expect(parseChallenges(`${scheme} ${pairs.join(gap)}`, legacy)).toEqual([{ scheme, params }]);
      }),
      runs,
    );
  });
});

describe("parse → serialize → parse is stable", () => {
  test("whatever parses re-serializes to something that parses the same", () => {
    fc.assert(
      fc.property(fc.oneof(headerishString, challengeShapedString, mutated(serializedLineArb)), (text) => {
        let parsed: AuthChallenge[];
        try {
          parsed = parseChallenges(text);
        } catch {
          return;
        }
        expect(parseChallenges(parsed.map(serializeChallenge))).toEqual(parsed);
      }),
      runs,
    );
  });
});

describe("arbitrary input only ever returns or throws PaymuxError", () => {
  const inputs = fc.oneof(
    anyUnicodeString,
    headerishString,
    challengeShapedString,
    mutated(serializedLineArb),
  );

  test("parseChallenges, strict", () => {
    fc.assert(
      fc.property(inputs, (text) => returnsOrThrowsPaymuxError(() => parseChallenges(text))),
      runs,
    );
  });

  test("parseChallenges, legacy", () => {
    fc.assert(
      fc.property(inputs, (text) => returnsOrThrowsPaymuxError(() => parseChallenges(text, legacy))),
      runs,
    );
  });

  test("parseChallenges, several field lines", () => {
    fc.assert(
      fc.property(fc.array(inputs, { maxLength: 4 }), fc.boolean(), (lines, legacySpaceSeparated) =>
        returnsOrThrowsPaymuxError(() => parseChallenges(lines, { legacySpaceSeparated })),
      ),
      runs,
    );
  });

  test("parseAuthorization", () => {
    fc.assert(
      fc.property(inputs, (text) => returnsOrThrowsPaymuxError(() => parseAuthorization(text))),
      runs,
    );
  });

  test("serializers on arbitrary records", () => {
    const anyChallenge = fc.record(
      {
        scheme: anyUnicodeString,
        token68: anyUnicodeString,
        params: fc.dictionary(anyUnicodeString, anyUnicodeString, { maxKeys: 4 }),
      },
      { requiredKeys: ["scheme", "params"] },
    );
    fc.assert(
      fc.property(anyChallenge, (challenge) =>
        returnsOrThrowsPaymuxError(() => serializeChallenge(challenge)),
      ),
      runs,
    );
  });
});
