// Structure-aware mutators: take valid encodings and break them a little (fields replaced with hostile values,
// duplicate keys with hand-written JSON literals, truncation, bit flips, insertions, duplicated ranges, growth).
import fc from "fast-check";
import { anyChar, hostileJson, NUMBERISH, PROTO_KEYS, TWO_POW_256 } from "./fuzz-values.js";

type JsonEdit = { steps: number[]; op: "set" | "delete" | "add" | "wrap"; key: string; value: unknown };

const jsonEdit: fc.Arbitrary<JsonEdit> = fc.record({
  steps: fc.array(fc.nat(), { maxLength: 4 }),
  op: fc.constantFrom("set", "set", "set", "delete", "add", "wrap"),
  key: fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 8 })),
  value: hostileJson,
});

function isContainer(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

// Defines rather than assigns: `copy.__proto__ = x` would set a prototype, not the wire key.
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function applyEdit(root: unknown, edit: JsonEdit): unknown {
  if (!isContainer(root)) return edit.value;
  let parent = root;
  for (const step of edit.steps) {
    const keys = Object.keys(parent);
    const child = keys.length === 0 ? undefined : parent[keys[step % keys.length] as string];
    if (!isContainer(child)) break;
    parent = child;
  }
  const keys = Object.keys(parent);
  const key =
    keys.length === 0 || edit.op === "add" ? edit.key : (keys[(edit.steps[0] ?? 0) % keys.length] as string);
  if (edit.op === "delete") delete parent[key];
  // Own properties only: `parent["__proto__"]` would read Object.prototype, and a later edit would write into it.
  else if (edit.op === "wrap") put(parent, key, [Object.hasOwn(parent, key) ? parent[key] : null]);
  // A copy: fast-check hands out the same constant objects again, and a later edit must not reach them.
  else put(parent, key, JSON.parse(JSON.stringify(edit.value ?? null)));
  return root;
}

/** Copies of `valid` values with one to three fields replaced, deleted, added or wrapped in an array. */
export function mutateJson(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  // tuple + map rather than chain: chain builds a new arbitrary per seed, which costs more than the parse.
  return fc
    .tuple(valid, fc.array(jsonEdit, { minLength: 1, maxLength: 3 }))
    .map(([seed, edits]) => edits.reduce<unknown>(applyEdit, JSON.parse(JSON.stringify(seed))));
}

/** JSON number and value literals no JSON.stringify writes: overflow, underflow, -0, huge integers, deep. */
const JSON_LITERALS = [
  "1e400",
  "-1e400",
  "1e-400",
  "-0",
  "0.1e1",
  TWO_POW_256,
  `-${TWO_POW_256}`,
  "1.0",
  '"\\ud800"',
  '"\\u0000"',
  `${"[".repeat(300)}${"]".repeat(300)}`,
  "null",
  "{}",
];

/**
 * JSON texts of `valid` values edited as text: a key inserted again where an object opens or closes (duplicate
 * keys; JSON.parse keeps the last), with a literal only hand-written JSON has.
 */
export function mutateJsonText(valid: fc.Arbitrary<unknown>, keys: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.tuple(
    fc.nat(),
    fc.constantFrom(...keys, ...PROTO_KEYS),
    fc.constantFrom(...JSON_LITERALS),
    fc.boolean(),
  );
  return fc.tuple(valid, edit).map(([seed, [at, key, literal, before]]) => {
    const text = JSON.stringify(seed);
    const opens: number[] = [];
    for (let i = text.indexOf("{"); i !== -1; i = text.indexOf("{", i + 1)) opens.push(i);
    if (opens.length === 0) return text;
    const open = opens[at % opens.length] as number;
    const close = text.indexOf("}", open);
    const member = `"${key}":${literal}`;
    // Before the other members (the original value then wins) or after them (the inserted one wins).
    return before || close === -1 || close === open + 1
      ? `${text.slice(0, open + 1)}${member}${close === open + 1 ? "" : ","}${text.slice(open + 1)}`
      : `${text.slice(0, close)},${member}${text.slice(close)}`;
  });
}

type TextEdit = { kind: TextEditKind; at: number; length: number; text: string; bit: number };
type TextEditKind = "truncate" | "flip" | "insert" | "overwrite" | "delete" | "duplicate" | "grow" | "upper";

const textEdit: fc.Arbitrary<TextEdit> = fc.record({
  kind: fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom<TextEditKind>("truncate", "delete", "duplicate", "overwrite") },
    { weight: 12, arbitrary: fc.constantFrom<TextEditKind>("flip", "insert") },
    { weight: 3, arbitrary: fc.constant<TextEditKind>("upper") },
    // Rare: a 20,000-character value costs more than everything else in a case, and each size cap also has a
    // plain test at exactly the cap and one past it.
    { weight: 1, arbitrary: fc.constant<TextEditKind>("grow") },
  ),
  at: fc.nat(),
  length: fc.nat(64),
  text: fc.oneof(fc.string({ unit: anyChar, minLength: 1, maxLength: 6 }), fc.constantFrom(...NUMBERISH)),
  bit: fc.nat(15),
});

function applyTextEdit(input: string, edit: TextEdit): string {
  const at = input.length === 0 ? 0 : edit.at % (input.length + 1);
  const end = at + edit.length + 1;
  switch (edit.kind) {
    case "truncate":
      return input.slice(0, at);
    case "flip": {
      // One bit of one code unit: low bits stay ASCII-ish, high ones leave Latin-1 or make surrogates.
      if (input.length === 0) return input;
      const i = at % input.length;
      return (
        input.slice(0, i) + String.fromCharCode(input.charCodeAt(i) ^ (1 << edit.bit)) + input.slice(i + 1)
      );
    }
    case "insert":
      return input.slice(0, at) + edit.text + input.slice(at);
    case "overwrite":
      return input.slice(0, at) + edit.text + input.slice(at + edit.text.length);
    case "delete":
      return input.slice(0, at) + input.slice(end);
    case "duplicate": // repeated params and keys, doubled padding
      return input.slice(0, end) + input.slice(at, end) + input.slice(end);
    case "grow": // past every size cap
      return input + edit.text.repeat(Math.ceil(20_000 / edit.text.length));
    case "upper":
      return input.slice(0, at) + input.slice(at, end).toUpperCase() + input.slice(end);
  }
}

/** `text` with one to four byte-level edits: truncation, bit flips, insertions, deletions, duplication, growth. */
export function mutateText(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(text, fc.array(textEdit, { minLength: 1, maxLength: 4 }))
    .map(([base, edits]) => edits.reduce(applyTextEdit, base));
}

/** A valid encoding most of the time left whole, else mutated: both sides of the accept/reject boundary. */
export function nearValid(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof({ weight: 1, arbitrary: valid }, { weight: 6, arbitrary: mutateText(valid) });
}
