import { PaymuxError } from "../errors/index.js";

/** Longest header value (UTF-16 code units) the parsers accept: Node's default cap for all headers. */
export const MAX_HEADER_LENGTH = 16 * 1024;

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function asciiTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = 1;
  return table;
}

// RFC 9110 §5.6.2 tchar and RFC 9110 §11.2 token68 characters; both are ASCII-only, so code >= 128 is "no".
const TCHAR = asciiTable(`${ALNUM}!#$%&'*+-.^_\`|~`);
const TOKEN68_CHAR = asciiTable(`${ALNUM}-._~+/`);

const HTAB = 0x09;
const SP = 0x20;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const EQUALS = 0x3d;

/** True for an RFC 9110 `tchar` code unit. */
export function isTchar(code: number): boolean {
  return code < 128 && TCHAR[code] === 1;
}

/** True when `text` is an RFC 9110 `token` (`1*tchar`). */
export function isToken(text: string): boolean {
  return text.length > 0 && scanToken(text, 0) === text.length;
}

/** True when `text` is an RFC 9110 `token68`: token68 characters, then only `=` padding. */
export function isToken68(text: string): boolean {
  const end = scanToken68Chars(text, 0);
  if (end === 0) return false;
  let i = end;
  while (i < text.length && text.charCodeAt(i) === EQUALS) i++;
  return i === text.length;
}

/** Index just past the run of tchars that starts at `start`. */
export function scanToken(text: string, start: number): number {
  let i = start;
  while (i < text.length && isTchar(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the run of token68 characters (without the trailing `=`) that starts at `start`. */
export function scanToken68Chars(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code >= 128 || TOKEN68_CHAR[code] !== 1) break;
    i++;
  }
  return i;
}

/** Index of the first non-OWS (SP / HTAB) code unit at or after `start`. */
export function skipOws(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code !== SP && code !== HTAB) break;
    i++;
  }
  return i;
}

/** True for HTAB, SP, VCHAR and obs-text: the code units a quoted-string may carry (escaped or not). */
export function isFieldText(code: number): boolean {
  return code === HTAB || (code >= SP && code <= 0xff && code !== 0x7f);
}

/** A HEADER_MALFORMED error naming the offset, never the input (values can be credentials). */
export function malformed(
  problem: string,
  position?: number,
  context: Record<string, string> = {},
): PaymuxError {
  const where = position === undefined ? "" : ` at offset ${position}`;
  return new PaymuxError("HEADER_MALFORMED", `malformed header: ${problem}${where}`, {
    context: position === undefined ? context : { ...context, position },
  });
}

/** Throws HEADER_TOO_LARGE when `length` exceeds {@link MAX_HEADER_LENGTH}; called before any scanning. */
export function assertHeaderLength(length: number): void {
  if (length > MAX_HEADER_LENGTH) {
    throw new PaymuxError("HEADER_TOO_LARGE", `header value longer than ${MAX_HEADER_LENGTH} characters`, {
      context: { length, limit: MAX_HEADER_LENGTH },
    });
  }
}

/** At most 40 code units of a name, for error context: enough to debug, never a whole credential. */
export function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Result of {@link readQuotedString}: the unescaped value and the index just past the closing quote. */
export type QuotedString = { value: string; end: number };

/** Reads the RFC 9110 quoted-string whose opening `"` is at `start`, unescaping quoted-pairs. */
export function readQuotedString(text: string, start: number): QuotedString {
  let value = "";
  let runStart = start + 1;
  let i = runStart;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === DQUOTE) return { value: value + text.slice(runStart, i), end: i + 1 };
    if (code === BACKSLASH) {
      value += text.slice(runStart, i);
      i++;
      if (i >= text.length) break;
      if (!isFieldText(text.charCodeAt(i))) throw malformed("invalid escaped character", i);
      runStart = i;
    } else if (!isFieldText(code)) {
      throw malformed("invalid character in quoted-string", i);
    }
    i++;
  }
  throw malformed("unterminated quoted-string", start);
}

/** Reads a parameter value (quoted-string or token) at `start`; an empty value is malformed. */
export function readParamValue(text: string, start: number): QuotedString {
  if (text.charCodeAt(start) === DQUOTE) return readQuotedString(text, start);
  const end = scanToken(text, start);
  if (end === start) throw malformed("expected a token or quoted-string value", start);
  return { value: text.slice(start, end), end };
}

/** `value` as an RFC 9110 quoted-string; refuses CTLs other than HTAB and code units above U+00FF. */
export function quoteString(value: string): string {
  let out = '"';
  let runStart = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === DQUOTE || code === BACKSLASH) {
      out += `${value.slice(runStart, i)}\\`;
      runStart = i;
    } else if (!isFieldText(code)) {
      throw malformed("value has a character that cannot be sent in a header", i);
    }
  }
  return `${out}${value.slice(runStart)}"`;
}

/** A fresh record without a prototype, so wire names like `__proto__` or `constructor` are plain keys. */
export function emptyRecord(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}
