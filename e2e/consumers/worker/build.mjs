// Bundles worker/worker.ts as a Workers-style runtime receives it: platform browser, ESM, the `worker` and
// `browser` export conditions, and no Node built-in (the build fails naming the module that asked for one).
import { builtinModules } from "node:module";
import { build } from "esbuild";

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const noNodeBuiltins = {
  name: "no-node-builtins",
  setup(esbuild) {
    esbuild.onResolve({ filter: /.*/ }, ({ path, importer }) =>
      builtins.has(path) || path.startsWith("node:")
        ? { errors: [{ text: `a Node built-in "${path}" imported by ${importer}` }] }
        : undefined,
    );
  },
};

await build({
  entryPoints: ["worker/worker.ts"],
  bundle: true,
  platform: "browser",
  conditions: ["worker", "browser"],
  format: "esm",
  outfile: "worker/dist/worker.js",
  plugins: [noNodeBuiltins],
  logLevel: "warning",
});
