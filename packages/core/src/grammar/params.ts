import {
  assertHeaderLength,
  clip,
  emptyRecord,
  isFieldText,
  isToken,
  malformed,
  readParamValue,
  scanToken,
  skipOws,
} from "./lexer.js";

/** A `;`-parameter header (`solana; amount="0.001"; network="devnet"`): a leading token, then values. */
export type ParameterHeader = { token: string; params: Record<string, string> };

/** Options of {@link parseParameterHeader}. */
export type ParseParameterHeaderParameters = {
  /**
   * `"strict"` (default): RFC 9110 parameters, quote-aware, escapes unescaped, duplicates refused.
   * `"legacy"`: exactly what the MPP Test Kit reference parser does (payment-auth.md §8.1), quirks included.
   */
  mode?: "strict" | "legacy";
};

/** What {@link parseParameterHeader} returns. */
export type ParseParameterHeaderReturnType = ParameterHeader;

const SEMICOLON = 0x3b;
const EQUALS = 0x3d;

/** Parses a `token; k="v"; k2=v2` header; keys are lowercased. */
export function parseParameterHeader(
  value: string,
  parameters: ParseParameterHeaderParameters = {},
): ParseParameterHeaderReturnType {
  if (typeof value !== "string") throw malformed("value is not a string");
  assertHeaderLength(value.length);
  return parameters.mode === "legacy" ? parseLegacy(value) : parseStrict(value);
}

/**
 * Serializes as `token; k="v"; k2="v2"`. Refuses values with `"`, `;`, `\`, CTLs or code units above U+00FF:
 * legacy peers split on every `;` and never unescape, so such values cannot reach them intact.
 */
export function serializeParameterHeader(header: ParameterHeader): string {
  const { token, params } = header;
  if (typeof token !== "string" || !isToken(token)) throw malformed("leading token is not a token");
  let out = token;
  const seen = new Set<string>();
  for (const name of Object.keys(params)) {
    if (!isToken(name)) throw malformed("parameter name is not a token", undefined, { param: clip(name) });
    const lower = name.toLowerCase();
    if (seen.has(lower)) throw malformed("duplicate parameter", undefined, { param: clip(name) });
    seen.add(lower);
    const paramValue = params[name];
    if (typeof paramValue !== "string") throw malformed("parameter value is not a string");
    for (let i = 0; i < paramValue.length; i++) {
      if (!isLegacySafe(paramValue.charCodeAt(i))) {
        throw malformed("value has a character legacy peers cannot read", i, { param: clip(name) });
      }
    }
    out += `; ${name}="${paramValue}"`;
  }
  return out;
}

// Field text minus `"`, `;` and `\`, the three characters legacy parsers mangle.
function isLegacySafe(code: number): boolean {
  return code !== 0x22 && code !== SEMICOLON && code !== 0x5c && isFieldText(code);
}

// RFC 9110 §5.6.6 `*( OWS ";" OWS [ parameter ] )` after the token: empty parameters are allowed.
function parseStrict(text: string): ParameterHeader {
  const start = skipOws(text, 0);
  const tokenEnd = scanToken(text, start);
  if (tokenEnd === start) throw malformed("expected a leading token", start);
  const params = emptyRecord();
  let i = skipOws(text, tokenEnd);
  while (i < text.length) {
    if (text.charCodeAt(i) !== SEMICOLON) throw malformed("expected ';'", i);
    i = skipOws(text, i + 1);
    if (i >= text.length || text.charCodeAt(i) === SEMICOLON) continue;
    const nameEnd = scanToken(text, i);
    if (nameEnd === i) throw malformed("expected a parameter name", i);
    const eq = skipOws(text, nameEnd);
    if (text.charCodeAt(eq) !== EQUALS) throw malformed("expected '=' after parameter name", eq);
    const name = text.slice(i, nameEnd).toLowerCase();
    const { value, end } = readParamValue(text, skipOws(text, eq + 1));
    if (Object.hasOwn(params, name)) throw malformed("duplicate parameter", i, { param: clip(name) });
    params[name] = value;
    i = skipOws(text, end);
  }
  return { token: text.slice(start, tokenEnd), params };
}

// The reference `parseHeaderParams` step by step; its Unicode-aware JS `trim`/`toLowerCase` stay on purpose.
function parseLegacy(text: string): ParameterHeader {
  const pieces = text.split(";");
  const params = emptyRecord();
  for (let p = 1; p < pieces.length; p++) {
    const piece = (pieces[p] as string).trim();
    const eq = piece.indexOf("=");
    if (eq === -1) continue;
    const key = piece.slice(0, eq).trim().toLowerCase();
    if (key === "") continue;
    params[key] = stripOneQuoteEachSide(piece.slice(eq + 1).trim());
  }
  return { token: (pieces[0] as string).trim(), params };
}

// Same result as `value.replace(/^"|"$/g, "")`: the two matches never overlap, so `"` alone becomes "".
function stripOneQuoteEachSide(value: string): string {
  const start = value.startsWith('"') ? 1 : 0;
  const end = value.length > start && value.endsWith('"') ? value.length - 1 : value.length;
  return value.slice(start, end);
}
