#!/usr/bin/env node
// Publishes every public package at its current version unless npm has it already; changesets/action runs it
// on main once the version PR is merged (.github/workflows/release.yml). Each package is packed with pnpm, which
// turns `workspace:*` into the released version (`npm publish` in a package folder would ship `workspace:*` as
// is), then published with `npm publish <tarball> --provenance --access public`, dependencies first. Prints the
// `New tag: name@version` lines changesets/action reads to push tags and create GitHub releases, and creates those
// git tags. `--dry-run` packs and runs `npm publish --dry-run` (no provenance, no tags).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensurePnpm, env, root } from "./workspace.mjs";

const dryRun = process.argv.includes("--dry-run");
const packages = readdirSync(join(root, "packages"))
  .map((dir) => ({
    dir: join(root, "packages", dir),
    manifest: readJson(join(root, "packages", dir, "package.json")),
  }))
  .filter(({ manifest }) => manifest.private !== true);

// Provenance ties each version to this repository: npm refuses it when package.json names no matching repository,
// and a refusal half-way would leave a partial release, so check everything first.
const versions = new Set(packages.map(({ manifest }) => manifest.version));
if (versions.size !== 1) fail(`the fixed group is out of step: ${[...versions].join(", ")}`);
const withoutRepository = packages
  .filter(({ manifest }) => !manifest.repository?.url)
  .map(({ manifest }) => manifest.name);
if (withoutRepository.length > 0 && !dryRun) {
  fail(`no repository.url (npm provenance needs it) in ${withoutRepository.join(", ")}`);
}

// Dependencies first, so no published version ever points at one that is not on npm yet.
const names = new Set(packages.map(({ manifest }) => manifest.name));
const ordered = [];
const visit = (item, path = []) => {
  if (ordered.includes(item)) return;
  if (path.includes(item))
    fail(`dependency cycle: ${[...path, item].map((p) => p.manifest.name).join(" → ")}`);
  for (const dep of Object.keys(item.manifest.dependencies ?? {}).filter((name) => names.has(name))) {
    visit(
      packages.find((p) => p.manifest.name === dep),
      [...path, item],
    );
  }
  ordered.push(item);
};
for (const item of packages) visit(item);

ensurePnpm();
const out = mkdtempSync(join(tmpdir(), "paymux-publish-"));
// On every exit, fail() included: the tarballs are only needed while publishing.
process.on("exit", () => rmSync(out, { recursive: true, force: true }));
const released = [];
for (const { dir, manifest } of ordered) {
  const id = `${manifest.name}@${manifest.version}`;
  const seen = spawnSync("npm", ["view", id, "version", "--json"], { encoding: "utf8", env });
  if (seen.status === 0 && seen.stdout.trim() !== "") {
    console.log(`${id} is on npm already`);
    continue;
  }
  if (!/E404|404 Not Found/.test(seen.stderr)) fail(`npm view ${id} failed:\n${seen.stderr}`);
  const packed = spawnSync("pnpm", ["pack", "--pack-destination", out, "--json"], {
    cwd: dir,
    encoding: "utf8",
    env,
  });
  if (packed.status !== 0) fail(`pnpm pack ${manifest.name} failed:\n${packed.stderr}`);
  const tarball = JSON.parse(packed.stdout).filename;
  const args = ["publish", tarball, "--access", "public"];
  if (dryRun) args.push("--dry-run");
  else args.push("--provenance");
  // A prerelease must not become `latest`.
  if (manifest.version.includes("-")) args.push("--tag", "next");
  const published = spawnSync("npm", args, { stdio: "inherit", env });
  if (published.status !== 0) fail(`npm publish ${id} failed`);
  released.push(id);
}
for (const id of released) {
  if (dryRun) {
    console.log(`would tag ${id}`);
    continue;
  }
  const exists = spawnSync("git", ["rev-parse", "-q", "--verify", `refs/tags/${id}`], { cwd: root });
  if (exists.status !== 0) spawnSync("git", ["tag", id], { cwd: root, stdio: "inherit" });
  console.log(`New tag: ${id}`);
}
const verb = dryRun ? "would publish" : "published";
console.log(released.length ? `${verb} ${released.length} packages` : "nothing to publish");

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

function fail(message) {
  console.error(`✖ publish: ${message}`);
  process.exit(1);
}
