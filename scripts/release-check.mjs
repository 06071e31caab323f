#!/usr/bin/env node
// Checks the release setup without touching the checkout: copies the manifests and .changeset/ into a throwaway
// git repository and runs `changeset version` there, twice:
//   1. one sample changeset for one package (a patch): the fixed group must bump every published package
//      (`@paymux/*` and `paymux`) to the same version and write a CHANGELOG.md for each;
//   2. the changesets pending in the checkout, if any: the next release must also move every published package
//      to one version.
// Either way internal `workspace:*` ranges must survive (pnpm turns them into versions when packing) and the
// consumed changesets must be gone. Usage: node scripts/release-check.mjs [--keep]
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readJson, root } from "./workspace.mjs";

const keep = process.argv.includes("--keep");
const changesetBin = join(root, "node_modules/.bin/changeset");
const started = performance.now();

const workspaceDirs = listWorkspace();
const manifests = new Map(workspaceDirs.map((dir) => [dir, readJson(join(root, dir, "package.json"))]));
const published = [...manifests].filter(([, m]) => m.private !== true);
const pending = readdirSync(join(root, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md");

const failures = [];
const notes = new Set();
const check = (ok, message) => {
  if (!ok) failures.push(message);
};

// The fixed group must name every published package, or changesets releases it on its own version line.
const config = readJson(join(root, ".changeset/config.json"));
const group = config.fixed?.[0] ?? [];
const inGroup = (name) =>
  group.some((pattern) =>
    pattern.endsWith("/*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern,
  );
for (const [, m] of published)
  check(inGroup(m.name), `${m.name} is not in the fixed group of .changeset/config.json`);
check(config.fixed?.length === 1, "exactly one fixed group expected");
check(config.access === "public", 'config.access must be "public" for scoped packages');

const sample = "release-check-sample.md";
const scenarios = [
  {
    name: "sample patch of @paymux/store-redis",
    changesets: { [sample]: '---\n"@paymux/store-redis": patch\n---\n\nRelease check: a sample fix.\n' },
    bump: "patch",
    summaryIn: { dir: "packages/store-redis", text: "Release check: a sample fix." },
  },
];
if (pending.length > 0) {
  // The bump types in each changeset's front matter (between its first two `---` lines).
  const bumps = pending.flatMap((file) => {
    const frontMatter = readFileSync(join(root, ".changeset", file), "utf8").split(/^---\s*$/m)[1] ?? "";
    return [...frontMatter.matchAll(/:\s*(major|minor|patch)\s*$/gm)].map((m) => m[1]);
  });
  const bump = ["major", "minor", "patch"].find((level) => bumps.includes(level)) ?? "patch";
  scenarios.push({ name: `the ${pending.length} pending changesets`, changesets: "pending", bump });
}

const work = mkdtempSync(join(tmpdir(), "paymux-release-"));
try {
  for (const [index, scenario] of scenarios.entries()) runScenario(join(work, String(index)), scenario);
} finally {
  if (keep) console.log(`copies kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

const elapsed = ((performance.now() - started) / 1000).toFixed(1);
for (const note of notes) console.log(`note: ${note}`);
if (failures.length > 0) {
  console.error(`✖ release check failed (${elapsed} s):\n${failures.map((f) => `  - ${f}`).join("\n")}`);
  process.exit(1);
}
console.log(`✓ release check: ${scenarios.map((s) => s.name).join("; ")} (${elapsed} s)`);

function runScenario(dir, scenario) {
  // The copy: root manifest, workspace file, .changeset/ and every workspace package's manifest and changelog.
  mkdirSync(dir);
  for (const file of ["package.json", "pnpm-workspace.yaml"]) cpSync(join(root, file), join(dir, file));
  cpSync(join(root, ".changeset"), join(dir, ".changeset"), { recursive: true });
  for (const ws of workspaceDirs) {
    mkdirSync(join(dir, ws), { recursive: true });
    cpSync(join(root, ws, "package.json"), join(dir, ws, "package.json"));
    if (existsSync(join(root, ws, "CHANGELOG.md")))
      cpSync(join(root, ws, "CHANGELOG.md"), join(dir, ws, "CHANGELOG.md"));
  }
  if (scenario.changesets !== "pending") {
    for (const file of pending) rmSync(join(dir, ".changeset", file));
    for (const [file, text] of Object.entries(scenario.changesets))
      writeFileSync(join(dir, ".changeset", file), text);
  }
  // The changelog generator is resolved from the project, and it asks git which commit added each changeset.
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  writeFileSync(join(dir, ".gitignore"), "node_modules\n");
  git(dir, ["init", "-q", "-b", "main"]);
  git(dir, ["add", "-A"]);
  git(dir, [
    "-c",
    "user.name=release-check",
    "-c",
    "user.email=release-check@localhost",
    "commit",
    "-q",
    "-m",
    "copy",
  ]);

  const result = spawnSync(changesetBin, ["version"], { cwd: dir, encoding: "utf8" });
  if (result.status !== 0) {
    failures.push(`${scenario.name}: changeset version failed\n${result.stdout}${result.stderr}`);
    return;
  }

  const before = new Set(published.map(([, m]) => m.version));
  check(before.size === 1, `published packages start from different versions: ${[...before].join(", ")}`);
  const expected = increment([...before][0], scenario.bump);
  for (const [ws, m] of published) {
    const after = readJson(join(dir, ws, "package.json"));
    check(
      after.version === expected,
      `${scenario.name}: ${m.name} is ${after.version}, expected ${expected}`,
    );
    const changelog = join(dir, ws, "CHANGELOG.md");
    const text = existsSync(changelog) ? readFileSync(changelog, "utf8") : "";
    check(
      text.includes(`## ${expected}`),
      `${scenario.name}: ${ws}/CHANGELOG.md has no "## ${expected}" section`,
    );
    // pnpm pack replaces workspace:* with the released version; changesets must leave it alone.
    for (const field of ["dependencies", "peerDependencies", "devDependencies"]) {
      for (const [name, range] of Object.entries(m[field] ?? {})) {
        if (!range.startsWith("workspace:")) continue;
        check(
          after[field]?.[name] === range,
          `${scenario.name}: ${m.name} ${field}.${name} became ${after[field]?.[name]}`,
        );
      }
    }
  }
  if (scenario.summaryIn) {
    const text = readFileSync(join(dir, scenario.summaryIn.dir, "CHANGELOG.md"), "utf8");
    check(
      text.includes(scenario.summaryIn.text),
      `${scenario.name}: the summary is missing from ${scenario.summaryIn.dir}/CHANGELOG.md`,
    );
  }
  // Private packages (apps, examples) are versioned too unless config.json says `privatePackages.version: false`;
  // harmless for publishing, but noise in the version PR, so it is reported, not failed.
  const versionedPrivate = [...manifests]
    .filter(([ws, m]) => m.private === true && readJson(join(dir, ws, "package.json")).version !== m.version)
    .map(([, m]) => m.name);
  if (versionedPrivate.length > 0)
    notes.add(`private packages get versions and changelogs: ${versionedPrivate.join(", ")}`);
  const left = readdirSync(join(dir, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md");
  check(left.length === 0, `${scenario.name}: changesets not consumed: ${left.join(", ")}`);
}

function listWorkspace() {
  // pnpm-workspace.yaml's `packages:` list: plain folders or `folder/*`.
  const yaml = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const block = yaml.split(/^packages:\s*$/m)[1]?.split(/^\S/m)[0] ?? "";
  const patterns = [...block.matchAll(/^\s+-\s+['"]?([^'"\s]+)['"]?\s*$/gm)].map((m) => m[1]);
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith("/*")) return existsSync(join(root, pattern, "package.json")) ? [pattern] : [];
    const parent = pattern.slice(0, -2);
    return readdirSync(join(root, parent))
      .map((name) => `${parent}/${name}`)
      .filter((ws) => existsSync(join(root, ws, "package.json")));
  });
}

function increment(version, bump) {
  const [major, minor, patch] = version.split("-")[0].split(".").map(Number);
  // As semver.inc, which changesets uses: a major on 0.x goes to 1.0.0.
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

function git(cwd, args) {
  const result = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
}
