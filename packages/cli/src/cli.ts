#!/usr/bin/env node
// The `paymux` bin. The logic lives in main.ts so tests and programs can run it without a process of their own.
import { main } from "./main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`paymux: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
