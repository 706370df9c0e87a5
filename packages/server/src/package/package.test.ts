// What a host installs: the root entry bundles for a browser-like runtime (Workers, Deno, Bun: no
// Node built-in, no native driver), and the drivers (with their types) are optional peers. What every
// tarball carries, its ranges, publint and Are the Types Wrong: .ci/packages.mjs, a step of `npm test`.
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const manifest = JSON.parse(readFileSync(`${packageDir}/package.json`, "utf8")) as {
  exports: Record<string, { source: string }>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dependencies?: Record<string, string>;
};

describe("the server package as a host installs it", () => {
  // A Workers-style host bundles the root entry, and `./development` for offline work, with platform browser:
  // any Node built-in, even one imported lazily inside a function, fails that build.
  it.each([
    [".", "src/index.ts"],
    ["./development", "src/development/index.ts"],
  ])("bundles %s for the browser platform, with no Node built-in and no native driver", async (_, entry) => {
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    const reached: string[] = [];
    const result = await build({
      entryPoints: [`${packageDir}/${entry}`],
      bundle: true,
      platform: "browser",
      format: "esm",
      conditions: ["source", "worker", "browser"],
      write: false,
      metafile: true,
      logLevel: "silent",
      plugins: [
        {
          name: "record-node-builtins",
          setup(esbuild) {
            esbuild.onResolve({ filter: /.*/ }, ({ path, importer }) => {
              if (!builtins.has(path) && !path.startsWith("node:")) return undefined;
              reached.push(`${path} from ${importer.replace(packageDir, "")}`);
              return { path, external: true };
            });
          },
        },
      ],
    });
    expect(result.errors).toEqual([]);
    expect(reached).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => /better-sqlite3|node_modules\/pg\//.test(input))).toEqual([]);
  });

  it("offers SQLite and PostgreSQL as subpaths whose drivers are optional peers", () => {
    expect(Object.keys(manifest.exports)).toEqual(
      expect.arrayContaining([".", "./sqlite", "./postgres", "./testing"]),
    );
    for (const driver of ["better-sqlite3", "pg", "@types/better-sqlite3", "@types/pg"]) {
      expect(manifest.dependencies?.[driver]).toBeUndefined();
      expect(manifest.peerDependencies?.[driver]).toBeDefined();
      expect(manifest.peerDependenciesMeta?.[driver]?.optional).toBe(true);
    }
    expect(manifest.peerDependencies?.vitest).toBeDefined();
    expect(manifest.peerDependenciesMeta?.vitest?.optional).toBe(true);
  });
});
