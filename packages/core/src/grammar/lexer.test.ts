import { describe, expect, test } from "vitest";
import {
  assertHeaderLength,
  clip,
  isToken,
  isToken68,
  MAX_HEADER_LENGTH,
  quoteString,
  readParamValue,
  readQuotedString,
  skipOws,
} from "./lexer.js";
import { expectPaymuxError } from "./test-helpers.js";

describe("character classes", () => {
  test("isToken follows RFC 9110 tchar", () => {
    for (const token of ["Payment", "x402", "!#$%&'*+-.^_`|~", "a", "0.001"])
      expect(isToken(token)).toBe(true);
    for (const text of ["", "a b", 'a"', "a,b", "a;b", "a=b", "a/b", "(a)", "a\u00e9", "a\t"]) {
      expect(isToken(text)).toBe(false);
    }
  });

  test("isToken68: token68 characters, then only `=`", () => {
    for (const text of ["abc", "a/b+c", "dXNlcjpwYXNz=", "QQ==", "-._~+/", "a==="])
      expect(isToken68(text)).toBe(true);
    for (const text of ["", "=", "==a", "a=b", "a b", "a!", "a=\u0000", "\u00e9"])
      expect(isToken68(text)).toBe(false);
  });

  test("skipOws skips SP and HTAB only", () => {
    expect(skipOws(" \t x", 0)).toBe(3);
    expect(skipOws("\u00a0x", 0)).toBe(0);
    expect(skipOws("ab", 5)).toBe(5);
  });
});

describe("quoted-strings", () => {
  test("readQuotedString unescapes and reports the end", () => {
    expect(readQuotedString('x="a\\"b\\\\c" rest', 2)).toEqual({ value: 'a"b\\c', end: 11 });
    expect(readQuotedString('""', 0)).toEqual({ value: "", end: 2 });
    expect(readQuotedString('"\\a\\\u00e9"', 0)).toEqual({ value: "a\u00e9", end: 6 });
  });

  test.each([
    ['"abc', "unterminated"],
    ['"abc\\', "unterminated after a backslash"],
    ['"a\u0000"', "NUL"],
    ['"a\nb"', "LF"],
    ['"a\u007f"', "DEL"],
    ['"a\u0100"', "above U+00FF"],
    ['"\\\u0001"', "escaped CTL"],
    ['"\\\u2014"', "escaped character above U+00FF"],
  ])("readQuotedString rejects %j (%s)", (text) => {
    expectPaymuxError(() => readQuotedString(text, 0), "HEADER_MALFORMED");
  });

  test("readParamValue takes a token or a quoted-string, never nothing", () => {
    expect(readParamValue("abc,d", 0)).toEqual({ value: "abc", end: 3 });
    expect(readParamValue('"a,b"c', 0)).toEqual({ value: "a,b", end: 5 });
    expectPaymuxError(() => readParamValue(",", 0), "HEADER_MALFORMED");
    expectPaymuxError(() => readParamValue("", 0), "HEADER_MALFORMED");
  });

  test('quoteString escapes `"` and `\\` and refuses what a header cannot carry', () => {
    expect(quoteString('a"b\\c\td\u00ff')).toBe('"a\\"b\\\\c\td\u00ff"');
    expect(quoteString("")).toBe('""');
    for (const bad of ["\u0000", "\r", "\n", "\u007f", "\u0100", "\ud83d\ude00"]) {
      expectPaymuxError(() => quoteString(`ok${bad}`), "HEADER_MALFORMED");
    }
  });
});

describe("limits and error hygiene", () => {
  test("assertHeaderLength", () => {
    expect(() => assertHeaderLength(MAX_HEADER_LENGTH)).not.toThrow();
    const error = expectPaymuxError(() => assertHeaderLength(MAX_HEADER_LENGTH + 1), "HEADER_TOO_LARGE");
    expect(error.context).toEqual({ length: MAX_HEADER_LENGTH + 1, limit: MAX_HEADER_LENGTH });
  });

  test("clip keeps at most 40 code units", () => {
    expect(clip("short")).toBe("short");
    expect(clip("x".repeat(100))).toBe(`${"x".repeat(40)}…`);
  });
});
