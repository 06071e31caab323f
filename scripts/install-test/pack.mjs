// Packs the published packages with `pnpm pack`, as a release does: `workspace:*` becomes a real version, and
// only what the manifest's `files` lists goes in.
import { join } from "node:path";
import { root } from "../workspace.mjs";
import { exec, pool } from "./run.mjs";

/** Packs every package of `published` into `destination`: a Map of package name → tarball path. */
export async function packAll(published, destination, env) {
  const packed = new Map();
  await pool(published, 4, async ({ dir, manifest }) => {
    // A build running elsewhere in the checkout (tsup cleans dist first) can pack a half-empty dist: check that
    // every file the manifest points at is in the tarball, and pack once more after a pause if not.
    for (let attempt = 1; ; attempt++) {
      const result = await exec("pnpm", ["pack", "--pack-destination", destination, "--json"], {
        cwd: join(root, "packages", dir),
        env,
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
  return packed;
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
