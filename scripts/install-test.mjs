#!/usr/bin/env node
// Installs every published package the way a user would: packed with `pnpm pack` (so `workspace:*` becomes a
// real version), installed with plain npm into a fresh project outside the repository together with only the
// peers it needs, then used for real from four kinds of project that resolve from that one node_modules:
//   esm         "type": "module", plain .js
//   cjs         CommonJS, plain .js
//   ts-bundler  tsc with moduleResolution "bundler" (DOM lib), then run
//   ts-node16   tsc with module/moduleResolution "node16" (no DOM lib, exactOptionalPropertyTypes), a .mts and a
//               .cts file, then both run; where a third-party library's own types cannot work there, the smoke
//               relaxes it (install-test-smokes.mjs) and every run prints why
// Type checks use the repository's TypeScript with skipLibCheck off, so the published .d.ts files are checked.
// Needs built packages (`turbo run build`). Usage: node scripts/install-test.mjs [--only core,client] [--keep]
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SMOKES } from "./install-test-smokes.mjs";
import { ensurePnpm, env, root } from "./workspace.mjs";

const args = process.argv.slice(2);
const keep = args.includes("--keep");
const onlyIndex = args.indexOf("--only");
const only = onlyIndex >= 0 ? new Set(args[onlyIndex + 1]?.split(",")) : undefined;
const CONCURRENCY = 2; // the CI machines have 2 cores; npm and tsc each keep one busy
const STEP_TIMEOUT_MS = 240_000;
const tsc = join(root, "node_modules/.bin/tsc");

// Each step runs in a process group of its own, so a timeout (or Ctrl-C here) also ends what it started (anvil,
// a server) instead of leaving it behind.
const running = new Set();
const killGroup = (child) => {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
};
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    for (const child of running) killGroup(child);
    process.exit(130);
  });
}

const started = performance.now();
const published = readdirSync(join(root, "packages"))
  .map((dir) => ({ dir, manifest: readJson(join(root, "packages", dir, "package.json")) }))
  .filter(({ manifest }) => manifest.private !== true);
const missing = published.filter(({ dir }) => !SMOKES[dir]).map(({ dir }) => dir);
if (missing.length > 0)
  fail(`no smoke program for ${missing.join(", ")}: add one to install-test-smokes.mjs`);
const unbuilt = published.filter(({ dir }) => !existsSync(join(root, "packages", dir, "dist")));
if (unbuilt.length > 0) fail(`not built: ${unbuilt.map(({ dir }) => dir).join(", ")} (run turbo run build)`);
const selected = published.filter(({ dir }) => !only || only.has(dir));
if (selected.length === 0)
  fail(`--only names no published package folder (${published.map(({ dir }) => dir).join(", ")})`);

ensurePnpm();
const work = mkdtempSync(join(tmpdir(), "paymux-install-"));
const tarballs = join(work, "tarballs");
mkdirSync(tarballs);

// npm run by `npm test` exports its own settings as npm_config_*; the inner installs must act like a user's
// fresh shell, so only where-to-fetch settings pass through.
const KEEP_NPM_CONFIG = new Set(["registry", "cache", "userconfig", "globalconfig"]);
const npmEnv = Object.fromEntries(
  Object.entries(env).filter(([key]) => {
    const lower = key.toLowerCase();
    if (lower.startsWith("npm_config_")) return KEEP_NPM_CONFIG.has(lower.slice("npm_config_".length));
    return !lower.startsWith("npm_package_") && !lower.startsWith("npm_lifecycle_");
  }),
);

let exitCode = 0;
try {
  // Every package is packed, not only the selected ones: a package's paymux dependencies come from these
  // tarballs too, since nothing is on npm yet.
  const packed = new Map();
  await pool(published, 4, async ({ dir, manifest }) => {
    // A build running elsewhere in the checkout (tsup cleans dist first) can pack a half-empty dist: check that
    // every file the manifest points at is in the tarball, and pack once more after a pause if not.
    for (let attempt = 1; ; attempt++) {
      const result = await exec("pnpm", ["pack", "--pack-destination", tarballs, "--json"], {
        cwd: join(root, "packages", dir),
      });
      if (result.code !== 0) throw new Error(`pnpm pack ${manifest.name} failed\n${result.output}`);
      const { filename, files } = JSON.parse(result.stdout);
      const present = new Set(files.map((file) => file.path));
      const absent = entryPoints(manifest).filter((file) => !present.has(file));
      if (absent.length === 0) {
        packed.set(manifest.name, filename);
        break;
      }
      if (attempt === 2) throw new Error(`${manifest.name}'s tarball lacks ${absent.join(", ")}: rebuild it`);
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
  });
  const overrides = Object.fromEntries([...packed].map(([name, file]) => [name, `file:${file}`]));
  const packSeconds = seconds(started);
  console.log(`packed ${packed.size} packages in ${packSeconds} s into ${work}`);

  const rows = [];
  await pool(selected, CONCURRENCY, async ({ dir, manifest }) => {
    const row = await testPackage(dir, manifest, overrides);
    rows.push(row);
    const mark = row.ok ? "✓" : "✖";
    console.log(
      `${mark} ${manifest.name}: ${row.steps.map((s) => `${s.name} ${s.ok ? s.seconds : "FAILED"}`).join(", ")}`,
    );
    for (const step of row.steps.filter((s) => !s.ok)) {
      console.log(`\n--- ${manifest.name} ${step.name} (${step.command})\n${step.output.trim()}\n---\n`);
    }
  });

  rows.sort((a, b) => a.name.localeCompare(b.name));
  const kinds = ["install", "esm", "cjs", "ts-bundler", "ts-node16", "bin"];
  console.log(`\n| package | ${kinds.join(" | ")} | seconds |\n|---|${kinds.map(() => "---|").join("")}---|`);
  for (const row of rows) {
    const cell = (kind) => {
      const steps = row.steps.filter((s) => s.kind === kind);
      if (steps.length === 0) return "–";
      return steps.every((s) => s.ok) ? "✓" : "✖";
    };
    console.log(`| ${row.name} | ${kinds.map(cell).join(" | ")} | ${row.seconds} |`);
  }
  // Where the node16 project had to give way to a third-party library, say so every run.
  for (const { dir, manifest } of selected) {
    const relaxed = SMOKES[dir].node16 ?? {};
    if (relaxed.dom) console.log(`note: ${manifest.name} ts-node16 has the DOM lib: ${relaxed.dom}`);
    if (relaxed.noCts) console.log(`note: ${manifest.name} ts-node16 has no .cts file: ${relaxed.noCts}`);
    for (const prefix of relaxed.ignoreErrorsIn ?? []) {
      console.log(
        `note: ${manifest.name} ts-node16 ignores type errors in ${prefix}: ${relaxed.ignoreReason}`,
      );
    }
  }
  const failed = rows.filter((row) => !row.ok);
  console.log(
    `\ninstall test: ${rows.length - failed.length}/${rows.length} packages passed in ${seconds(started)} s (pack ${packSeconds} s)`,
  );
  if (failed.length > 0) exitCode = 1;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  if (keep || exitCode !== 0) console.log(`projects kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);

async function testPackage(dir, manifest, overrides) {
  const smoke = SMOKES[dir];
  const begin = performance.now();
  const project = join(work, dir);
  mkdirSync(project);
  const steps = [];
  const step = async (kind, name, command, commandArgs, options = {}) => {
    const t0 = performance.now();
    const result = await exec(command, commandArgs, { cwd: project, ...options });
    const ok = options.judge
      ? options.judge(result)
      : result.code === 0 && (!options.expect || options.expect.test(result.output));
    const entry = { kind, name, ok, seconds: seconds(t0), output: result.output };
    entry.command = [command, ...commandArgs].join(" ").replace(root, "<repo>/").replace(work, "<tmp>");
    steps.push(entry);
    return ok;
  };

  // Only what a user of this package installs: the package, the paymux packages its example imports (from
  // the README's install line), its required peers, and for the TypeScript projects @types/node and the
  // @types peers. The versions are the ones the repository develops against.
  const peers = Object.keys(manifest.peerDependencies ?? {});
  const optional = manifest.peerDependenciesMeta ?? {};
  const wanted = [
    ...peers.filter((peer) => !optional[peer]?.optional || peer.startsWith("@types/")),
    ...(smoke.install ?? []),
    "@types/node",
  ];
  const dependencies = { [manifest.name]: overrides[manifest.name] };
  for (const name of wanted) dependencies[name] = overrides[name] ?? repoVersion(name);
  writeJson(join(project, "package.json"), { name: `smoke-${dir}`, private: true, dependencies, overrides });
  const installed = await step("install", "install", "npm", [
    "install",
    "--prefer-offline",
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
  ]);
  if (!installed) return finish();
  // An unmet or out-of-range peer is only a warning during install; `npm ls` fails on it.
  await step("install", "npm ls", "npm", ["ls", "--all"]);

  // A Redis for the store's smoke programs when the machine has one (CI does); otherwise they only construct.
  const redis = smoke.redis ? await startRedis() : undefined;
  const runEnv = { ...npmEnv, ...(redis ? { PAYMUX_SMOKE_REDIS_URL: redis.url } : {}) };
  try {
    for (const kind of ["esm", "cjs", "ts-bundler", "ts-node16"]) {
      const folder = join(project, kind);
      mkdirSync(folder);
      const files = writeProject(folder, kind, smoke);
      if (kind.startsWith("ts-")) {
        const ignored = kind === "ts-node16" ? (smoke.node16?.ignoreErrorsIn ?? []) : [];
        const checked = await step(
          kind,
          `${kind} tsc`,
          tsc,
          ["-p", join(folder, "tsconfig.json"), "--pretty", "false"],
          {
            // Errors inside a listed third-party package are known limits of that package (see the smoke's
            // reason); any error elsewhere, in paymux's .d.ts or the program, fails.
            judge: ({ code, output }) => {
              if (code === 0) return true;
              const files = [...output.matchAll(/^(\S[^(\n]*)\(\d+,\d+\): error TS/gm)].map((m) => m[1]);
              return (
                files.length > 0 && files.every((file) => ignored.some((prefix) => file.startsWith(prefix)))
              );
            },
          },
        );
        if (!checked) continue;
      }
      for (const file of files) {
        await step(kind, `${kind} ${file}`, process.execPath, [join(folder, file)], {
          cwd: folder,
          env: runEnv,
          expect: /^smoke ok$/m,
        });
      }
    }
    if (smoke.bin) {
      await step(
        "bin",
        smoke.bin.join(" "),
        join(project, "node_modules/.bin", smoke.bin[0]),
        smoke.bin.slice(1),
        {
          expect: smoke.binExpect,
        },
      );
    }
  } finally {
    redis?.stop();
  }
  return finish();

  function finish() {
    return { name: manifest.name, ok: steps.every((s) => s.ok), steps, seconds: seconds(begin) };
  }
}

// Writes one project kind and returns the files to run.
function writeProject(folder, kind, smoke) {
  const importLines = (style) =>
    smoke.imports
      .map(([from, names]) => {
        const named = names.filter((n) => !n.startsWith("default:"));
        const fallback = names.find((n) => n.startsWith("default:"))?.slice("default:".length);
        if (style === "require") {
          const lines = [];
          if (fallback) lines.push(`const ${fallback} = require(${JSON.stringify(from)});`);
          if (named.length) lines.push(`const { ${named.join(", ")} } = require(${JSON.stringify(from)});`);
          return lines.join("\n");
        }
        const clause = [fallback, named.length ? `{ ${named.join(", ")} }` : undefined]
          .filter(Boolean)
          .join(", ");
        return `import ${clause} from ${JSON.stringify(from)};`;
      })
      .join("\n");
  const typed = kind.startsWith("ts-");
  const checkFn = typed
    ? "function check(condition: unknown, message: string): asserts condition {"
    : "function check(condition, message) {";
  const source = (style, label) =>
    [
      `// Smoke test of the published package, project kind ${label}. Generated by scripts/install-test.mjs.`,
      importLines(style),
      "",
      `const KIND = ${JSON.stringify(label)};`,
      checkFn,
      '  if (!condition) throw new Error(KIND + ": " + message);',
      "}",
      "",
      "async function main() {",
      smoke.body.trim().replace(/^/gm, "  "),
      "}",
      "",
      'main().then(() => console.log("smoke ok"), (error) => { console.error(error); process.exitCode = 1; });',
      "",
    ].join("\n");
  const compilerOptions = {
    target: "es2022",
    strict: true,
    skipLibCheck: false,
    // TypeScript's own lib.*.d.ts are not what is tested here; every package .d.ts still is.
    skipDefaultLibCheck: true,
    noEmitOnError: true,
    esModuleInterop: true,
    types: ["node"],
    outDir: "out",
  };
  switch (kind) {
    case "esm":
      writeJson(join(folder, "package.json"), { type: "module" });
      writeFileSync(join(folder, "main.js"), source("import", kind));
      return ["main.js"];
    case "cjs":
      writeJson(join(folder, "package.json"), { type: "commonjs" });
      writeFileSync(join(folder, "main.js"), source("require", kind));
      return ["main.js"];
    case "ts-bundler":
      writeJson(join(folder, "package.json"), { type: "module" });
      writeJson(join(folder, "tsconfig.json"), {
        compilerOptions: {
          ...compilerOptions,
          module: "esnext",
          moduleResolution: "bundler",
          lib: ["es2022", "dom", "dom.iterable"],
        },
        files: ["main.ts"],
      });
      writeFileSync(join(folder, "main.ts"), source("import", kind));
      return ["out/main.js"];
    case "ts-node16": {
      // A Node project without the DOM lib (as @tsconfig/node20 sets it), unless a peer's own types need it.
      const cts = !smoke.node16?.noCts;
      writeJson(join(folder, "package.json"), { type: "module" });
      writeJson(join(folder, "tsconfig.json"), {
        compilerOptions: {
          ...compilerOptions,
          module: "node16",
          moduleResolution: "node16",
          lib: smoke.node16?.dom ? ["es2022", "dom"] : ["es2022"],
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          // With errors to ignore in a third-party package, tsc must still emit; the judge decides.
          noEmitOnError: !smoke.node16?.ignoreErrorsIn,
        },
        files: cts ? ["main.mts", "main.cts"] : ["main.mts"],
      });
      writeFileSync(join(folder, "main.mts"), source("import", `${kind} (mts)`));
      if (cts) writeFileSync(join(folder, "main.cts"), source("import", `${kind} (cts)`));
      return cts ? ["out/main.mjs", "out/main.cjs"] : ["out/main.mjs"];
    }
  }
}

async function startRedis() {
  if (spawnSync("redis-server", ["--version"]).status !== 0) {
    console.log("  (no redis-server on PATH: the store's smoke programs only construct it)");
    return undefined;
  }
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore", detached: true },
  );
  running.add(child);
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout?.includes("PONG"))
      break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    stop: () => {
      running.delete(child);
      child.kill("SIGTERM");
    },
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Every file main/module/types/bin/exports name, relative to the package root.
function entryPoints(manifest) {
  const targets = [manifest.main, manifest.module, manifest.types];
  const walk = (value) => {
    if (typeof value === "string") targets.push(value);
    else if (value && typeof value === "object") for (const inner of Object.values(value)) walk(inner);
  };
  walk(manifest.exports);
  walk(manifest.bin);
  return [...new Set(targets.filter(Boolean).map((file) => file.replace(/^\.\//, "")))];
}

// The exact version of a third-party package the workspace installed (root first, then any package's).
function repoVersion(name) {
  for (const base of [
    root,
    ...readdirSync(join(root, "packages")).map((dir) => join(root, "packages", dir)),
  ]) {
    const file = join(base, "node_modules", name, "package.json");
    if (existsSync(file)) return readJson(file).version;
  }
  fail(`${name} is not installed in the workspace; cannot pin its version`);
}

function exec(command, commandArgs, { cwd, env: childEnv = npmEnv } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, {
      cwd,
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    running.add(child);
    let stdout = "";
    let output = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      output += `\n[killed after ${STEP_TIMEOUT_MS / 1000} s]`;
      killGroup(child);
    }, STEP_TIMEOUT_MS);
    child.on("error", (error) => {
      output += String(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, stdout, output });
    });
  });
}

async function pool(items, size, worker) {
  const queue = [...items];
  const errors = [];
  await Promise.all(
    Array.from({ length: Math.min(size, queue.length) }, async () => {
      while (queue.length > 0) {
        try {
          await worker(queue.shift());
        } catch (error) {
          errors.push(error);
        }
      }
    }),
  );
  if (errors.length > 0) throw errors[0];
}

function seconds(since) {
  return ((performance.now() - since) / 1000).toFixed(1);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

function writeJson(file, value) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function fail(message) {
  console.error(`✖ install test: ${message}`);
  process.exit(1);
}
