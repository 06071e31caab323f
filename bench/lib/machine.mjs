// What the figures were measured on: they mean little without it (2 shared cores are not a server).
import { execFileSync } from "node:child_process";
import os from "node:os";

/** CPU model, cores, memory, OS, Node, date, commit and the load average when the run began. */
export function describeMachine(root) {
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "packages"], {
      cwd: root,
      encoding: "utf8",
    });
    if (dirty.trim()) commit += " + uncommitted changes in packages/";
  } catch {
    // Not a git checkout (a tarball): the date and versions still say what was measured.
  }
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    date: new Date().toISOString(),
    commit,
    loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
  };
}
