// The install test of one package: a fresh project outside the repository with only what a user of the package
// installs, npm install and npm ls there, then its smoke program type-checked and run in every project kind.
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { SMOKES } from "../install-test-smokes.mjs";
import { readJson, root } from "../workspace.mjs";
import { PROJECT_KINDS, writeJson, writeProject } from "./projects.mjs";
import { startRedis } from "./redis.mjs";
import { fail } from "./report.mjs";
import { exec, seconds } from "./run.mjs";

const tsc = join(root, "node_modules/.bin/tsc");

/**
 * Tests the package in `packages/<dir>` in `<work>/<dir>`, paymux packages coming from the tarballs `overrides`
 * names: `{ name, ok, steps, seconds }`, each step `{ kind, name, ok, seconds, output, command }`.
 */
export async function testPackage({ dir, manifest, overrides, work, env }) {
  const smoke = SMOKES[dir];
  const begin = performance.now();
  const project = join(work, dir);
  mkdirSync(project);
  const steps = [];
  const step = async (kind, name, command, commandArgs, options = {}) => {
    const t0 = performance.now();
    const result = await exec(command, commandArgs, { cwd: project, env, ...options });
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
  const runEnv = { ...env, ...(redis ? { PAYMUX_SMOKE_REDIS_URL: redis.url } : {}) };
  try {
    for (const kind of PROJECT_KINDS) {
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
