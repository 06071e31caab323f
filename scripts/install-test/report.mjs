// What the install test prints: a line per package as it finishes (with the output of each failed step), then
// a table of every package by project kind, the notes on relaxed node16 projects, and the summary.
import { PROJECT_KINDS } from "./projects.mjs";

const KINDS = ["install", ...PROJECT_KINDS, "bin"];

/** The line of one finished package, then the output of each of its failed steps. */
export function printPackage(row) {
  const mark = row.ok ? "✓" : "✖";
  console.log(
    `${mark} ${row.name}: ${row.steps.map((s) => `${s.name} ${s.ok ? s.seconds : "FAILED"}`).join(", ")}`,
  );
  for (const step of row.steps.filter((s) => !s.ok)) {
    console.log(`\n--- ${row.name} ${step.name} (${step.command})\n${step.output.trim()}\n---\n`);
  }
}

/** The table of `rows` (sorted by name in place), by project kind. */
export function printTable(rows) {
  rows.sort((a, b) => a.name.localeCompare(b.name));
  console.log(`\n| package | ${KINDS.join(" | ")} | seconds |\n|---|${KINDS.map(() => "---|").join("")}---|`);
  for (const row of rows) {
    const cell = (kind) => {
      const steps = row.steps.filter((s) => s.kind === kind);
      if (steps.length === 0) return "–";
      return steps.every((s) => s.ok) ? "✓" : "✖";
    };
    console.log(`| ${row.name} | ${KINDS.map(cell).join(" | ")} | ${row.seconds} |`);
  }
}

/** Where the node16 project had to give way to a third-party library: said every run. */
export function printRelaxed(name, relaxed = {}) {
  if (relaxed.dom) console.log(`note: ${name} ts-node16 has the DOM lib: ${relaxed.dom}`);
  if (relaxed.noCts) console.log(`note: ${name} ts-node16 has no .cts file: ${relaxed.noCts}`);
  for (const prefix of relaxed.ignoreErrorsIn ?? []) {
    console.log(`note: ${name} ts-node16 ignores type errors in ${prefix}: ${relaxed.ignoreReason}`);
  }
}

/** Stops the install test at once with `message`: a setup error, not a failed package. */
export function fail(message) {
  console.error(`✖ install test: ${message}`);
  process.exit(1);
}
