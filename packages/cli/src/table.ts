// The closing summary table of `paymux demo`.
import type { Styles } from "./ansi.js";
import { shorten } from "./ansi.js";
import type { DemoPayment } from "./demo.js";

const HEADERS = ["API", "dialect", "chain", "scheme", "amount", "tx", ""] as const;

/** Renders the payments as aligned columns; colour goes on after padding so widths stay right. */
export function summaryTable(payments: readonly DemoPayment[], s: Styles): string[] {
  const rows = payments.map((p) => [
    p.api,
    p.dialect,
    p.chain,
    p.scheme,
    p.amount,
    p.tx ? shorten(p.tx) : "-",
  ]);
  const widths = HEADERS.slice(0, 6).map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ");
  return [
    s.bold(line(HEADERS.slice(0, 6))),
    s.dim(widths.map((width) => "─".repeat(width)).join("  ")),
    ...rows.map((row, i) => `${line(row)}  ${payments[i]?.ok ? s.green("✓") : s.red("✗")}`),
  ];
}
