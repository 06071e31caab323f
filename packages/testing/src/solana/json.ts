// Bigint-safe JSON for the RPC wire. u64 values (lamports, slots, rentEpoch = 2^64-1) travel as bare JSON
// numbers, as the real RPC sends them; Node 20 has neither JSON.rawJSON nor reviver source text, so large
// integers are swapped for tagged strings around the built-in JSON functions.

const TAG = "\u0000paymux-u64\u0000";
const TAGGED = /"\\u0000paymux-u64\\u0000(-?\d+)"/g;

/** Serializes a value to JSON, writing bigints as bare integer literals. */
export function stringifyJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? `${TAG}${v}` : v));
  return text.replace(TAGGED, "$1");
}

/** Parses JSON, turning integer literals beyond Number.MAX_SAFE_INTEGER into bigints so they lose nothing. */
export function parseJson(text: string): unknown {
  return JSON.parse(tagLargeIntegers(text), (_key, v: unknown) =>
    typeof v === "string" && v.startsWith(TAG) ? BigInt(v.slice(TAG.length)) : v,
  );
}

function tagLargeIntegers(text: string): string {
  let out = "";
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    if (c !== 0x2d && (c < 0x30 || c > 0x39)) continue;
    let end = i + 1;
    while (end < text.length && /[0-9.eE+-]/.test(text.charAt(end))) end++;
    const literal = text.slice(i, end);
    if (/^-?\d{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
      out += `${text.slice(last, i)}"${TAG.replace(/\u0000/g, "\\u0000")}${literal}"`;
      last = end;
    }
    i = end - 1;
  }
  return last === 0 ? text : out + text.slice(last);
}
