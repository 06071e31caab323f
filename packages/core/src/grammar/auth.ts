import {
  assertHeaderLength,
  clip,
  emptyRecord,
  isTchar,
  isToken,
  isToken68,
  malformed,
  quoteString,
  readParamValue,
  scanToken,
  scanToken68Chars,
  skipOws,
} from "./lexer.js";

/** One RFC 9110 §11 challenge: scheme as written, then a token68 or auth-params (names lowercased). */
export type AuthChallenge = { scheme: string; token68?: string; params: Record<string, string> };

/** RFC 9110 §11.4 credentials (`Authorization` value); same shape as a challenge. */
export type AuthCredentials = AuthChallenge;

/** Options of {@link parseChallenges}. */
export type ParseChallengesParameters = {
  /**
   * Also accept params separated by whitespace only (`x402 amount=0.001 currency=USDC`), on field lines
   * that hold no top-level comma (payment-auth.md §8.2). Off by default: such lines are not RFC 9110.
   */
  legacySpaceSeparated?: boolean;
};

/** What {@link parseChallenges} returns: the challenges in wire order. */
export type ParseChallengesReturnType = AuthChallenge[];

const COMMA = 0x2c;
const EQUALS = 0x3d;

// Carried across field lines so that an array of lines parses exactly like their `", "`-joined form.
type ScanState = { current: AuthChallenge | undefined; legacy: boolean };

/** Parses `WWW-Authenticate` values (several field lines, or one comma-joined line) into challenges. */
export function parseChallenges(
  value: string | readonly string[],
  parameters: ParseChallengesParameters = {},
): ParseChallengesReturnType {
  const lines: readonly unknown[] | undefined =
    typeof value === "string" ? [value] : Array.isArray(value) ? value : undefined;
  if (lines === undefined) throw malformed("value is not a string or an array of strings");
  // Measured as if joined by `Headers.get` (", " between lines), so both forms hit the cap alike.
  let length = Math.max(0, lines.length - 1) * 2;
  for (const line of lines) {
    if (typeof line !== "string") throw malformed("field line is not a string");
    length += line.length;
  }
  assertHeaderLength(length);
  const out: AuthChallenge[] = [];
  const state: ScanState = { current: undefined, legacy: parameters.legacySpaceSeparated === true };
  for (const line of lines as readonly string[]) scanLine(line, out, state);
  return out;
}

/** Parses an `Authorization` value (`Payment <token68>`, `Digest a=b, c=d`); exactly one credential. */
export function parseAuthorization(value: string): AuthCredentials {
  if (typeof value !== "string") throw malformed("value is not a string");
  assertHeaderLength(value.length);
  const out: AuthChallenge[] = [];
  scanLine(value, out, { current: undefined, legacy: false });
  const [credentials] = out;
  if (credentials === undefined || out.length !== 1) throw malformed("expected exactly one credential");
  return credentials;
}

/** Serializes a challenge as `Scheme k="v", k2="v2"` (every value quoted) or `Scheme token68`. */
export function serializeChallenge(challenge: AuthChallenge): string {
  const { scheme, token68, params } = challenge;
  if (typeof scheme !== "string" || !isToken(scheme)) throw malformed("scheme is not a token");
  const names = Object.keys(params);
  if (token68 !== undefined) {
    if (typeof token68 !== "string" || !isToken68(token68)) throw malformed("token68 is not valid");
    if (names.length > 0) throw malformed("token68 and auth-params cannot be combined");
    return `${scheme} ${token68}`;
  }
  if (names.length === 0) return scheme;
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const name of names) {
    if (!isToken(name)) throw malformed("parameter name is not a token", undefined, { param: clip(name) });
    const lower = name.toLowerCase();
    if (seen.has(lower)) throw malformed("duplicate parameter", undefined, { param: clip(name) });
    seen.add(lower);
    const paramValue = params[name];
    if (typeof paramValue !== "string") throw malformed("parameter value is not a string");
    parts.push(`${name}=${quoteString(paramValue)}`);
  }
  return `${scheme} ${parts.join(", ")}`;
}

/** Serializes credentials for `Authorization`; same rules as {@link serializeChallenge}. */
export function serializeAuthorization(credentials: AuthCredentials): string {
  return serializeChallenge(credentials);
}

// One linear pass over a field line. Quoted-strings are consumed by readParamValue, so a comma inside one
// never splits; empty list elements are skipped (RFC 9110 §5.6.1 asks recipients to tolerate them).
function scanLine(text: string, out: AuthChallenge[], state: ScanState): void {
  let sawComma = false;
  let sawSpaceSeparated = false;
  let i = 0;
  for (;;) {
    i = skipOws(text, i);
    while (text.charCodeAt(i) === COMMA) {
      if (sawSpaceSeparated) throw malformed("space-separated params mixed with a list", i);
      sawComma = true;
      i = skipOws(text, i + 1);
    }
    if (i >= text.length) return;

    const nameEnd = scanToken(text, i);
    if (nameEnd === i) throw malformed("expected a token", i);
    const afterName = skipOws(text, nameEnd);
    if (text.charCodeAt(afterName) === EQUALS) {
      i = readParam(text, i, nameEnd, afterName, state.current);
    } else {
      const challenge: AuthChallenge = { scheme: text.slice(i, nameEnd), params: emptyRecord() };
      out.push(challenge);
      state.current = challenge;
      if (afterName >= text.length || text.charCodeAt(afterName) === COMMA) {
        i = afterName;
        continue;
      }
      if (afterName === nameEnd) throw malformed("expected whitespace after the scheme", nameEnd);
      i = readFirstAfterScheme(text, afterName, challenge);
    }

    // After a token68 or a param the element must end; legacy mode may instead chain space-separated params.
    for (;;) {
      const next = skipOws(text, i);
      if (next >= text.length || text.charCodeAt(next) === COMMA) {
        i = next;
        break;
      }
      if (!state.legacy || next === i || !isTchar(text.charCodeAt(next))) {
        throw malformed("expected ',' or end of value", next);
      }
      if (sawComma) throw malformed("space-separated params mixed with a list", next);
      sawSpaceSeparated = true;
      const legacyNameEnd = scanToken(text, next);
      const eq = skipOws(text, legacyNameEnd);
      if (text.charCodeAt(eq) !== EQUALS) throw malformed("expected '=' after parameter name", eq);
      i = readParam(text, next, legacyNameEnd, eq, state.current);
    }
  }
}

// Right after a scheme: a token68 if the element ends after its `=` padding, otherwise the first auth-param.
function readFirstAfterScheme(text: string, start: number, challenge: AuthChallenge): number {
  const charsEnd = scanToken68Chars(text, start);
  if (charsEnd > start) {
    let end = charsEnd;
    while (text.charCodeAt(end) === EQUALS) end++;
    const next = skipOws(text, end);
    if (next >= text.length || text.charCodeAt(next) === COMMA) {
      challenge.token68 = text.slice(start, end);
      return end;
    }
  }
  const nameEnd = scanToken(text, start);
  if (nameEnd === start) throw malformed("expected a token68 or a parameter", start);
  const eq = skipOws(text, nameEnd);
  if (text.charCodeAt(eq) !== EQUALS) throw malformed("expected '=' after parameter name", eq);
  return readParam(text, start, nameEnd, eq, challenge);
}

// Reads `name BWS "=" BWS value` (the `=` is at `eq`) into `challenge`; returns the index after the value.
function readParam(
  text: string,
  nameStart: number,
  nameEnd: number,
  eq: number,
  challenge: AuthChallenge | undefined,
): number {
  if (challenge === undefined) throw malformed("parameter without a scheme", nameStart);
  if (challenge.token68 !== undefined) throw malformed("parameter after a token68", nameStart);
  const name = text.slice(nameStart, nameEnd).toLowerCase();
  const { value, end } = readParamValue(text, skipOws(text, eq + 1));
  if (Object.hasOwn(challenge.params, name)) {
    throw malformed("duplicate parameter", nameStart, { param: clip(name) });
  }
  challenge.params[name] = value;
  return end;
}
