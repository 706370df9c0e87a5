// Measures what a host ships for the kit beyond react, react-dom, Radix and TanStack Query (this package, the
// core contract and zod, minified and gzipped) and the precompiled styles.css (gzipped), and fails when either
// breaks its budget. `node scripts/size.mjs` prints both; the unit tests import `measure()`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// Issue 15 brought the first load to 32.18 kB (sync activity, history, polling and announcements, the attention
// badge, the control over synced events, feed regeneration and locale, each with its English messages). Its
// first-load goal of 25 kB was won back in two steps (`pnpm size`):
// - 32.18 → 23.32 kB: the client checked every answer with core's zod/mini schemas, and esbuild keeps zod's
//   runtime (schemas, checks, util: about 8 kB) for even one of them. The first load's answers (providers,
//   connections, a connection, activity counts, problem+json, the OAuth return) are now checked by core's
//   zod-free readers (`@org/calendar-connections-core/light`, 2.9 kB min), as strictly as the schemas: a core
//   test holds both to the same verdict on every one-field change of a body. The answers read after an admin
//   acts keep the zod schemas, loaded with the request that needs them (answer-schemas.ts, 9.98 kB, lazy).
// - 23.32 → 21.13 kB: the picker, disconnect and connect form dialogs, with `CalendarPicker` and `ConnectForm`,
//   moved from the root to the `./dialogs` entry; the page loads each on first use (preloaded on hover or
//   focus), as it did the activity, move and regenerate dialogs. Turning a schema chunk that fails to load into
//   a network_error added 0.03 kB: 21.16 kB.
// Of what is left, the English catalog weighs 2.87 kB on its own (the strings only lazy parts show could ride
// with them), and the `import` statements esbuild keeps for the external peers, one per module, a few hundred
// bytes (a host's own bundle merges them).
// Hence 21.25 kB.
export const BUDGETS = { js: 21.25 * 1024, css: 8 * 1024 };

/** Peer dependencies a host already has: not counted. */
const EXTERNAL = ["react", "react-dom", "react/jsx-runtime", "@radix-ui/*", "@tanstack/react-query"];

/** How every weight here is bundled: what a host's production browser build does. The bench reuses it. */
export const BROWSER_BUNDLE = {
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  platform: "browser",
  jsx: "automatic",
  conditions: ["source"],
  write: false,
  logLevel: "silent",
  define: { "process.env.NODE_ENV": '"production"' },
};

const gzipSize = (content) => gzipSync(content, { level: 9 }).length;

/**
 * Splits the bundle as a host's bundler does at `import()`: what loads with the page (the entry and the chunks it
 * imports statically) counts against the budget; each lazily loaded chunk (a dialog opened on demand) is reported
 * on its own, by the source module it starts from.
 */
async function bundleJs() {
  const result = await build({
    ...BROWSER_BUNDLE,
    entryPoints: [join(packageDir, "src/index.ts")],
    external: EXTERNAL,
    splitting: true,
    outdir: join(packageDir, ".size-out"),
    metafile: true,
  });
  // The metafile names outputs relative to the working directory, the output files by absolute path.
  const files = new Map(
    result.outputFiles.map((file) => [relative(process.cwd(), file.path), file.contents]),
  );
  const outputs = result.metafile.outputs;
  // Each `import()` target is an entry point of its own in the metafile too: the page's is src/index.ts.
  const entryPoint = relative(process.cwd(), join(packageDir, "src/index.ts"));
  const entry = Object.keys(outputs).find(
    (path) => path.endsWith(".js") && outputs[path].entryPoint === entryPoint,
  );
  const initial = new Set();
  const visit = (path) => {
    if (initial.has(path)) return;
    initial.add(path);
    for (const { path: next, kind } of outputs[path].imports)
      if (kind === "import-statement" && next in outputs) visit(next);
  };
  visit(entry);
  const joined = (paths) => Buffer.concat(paths.map((path) => files.get(path) ?? new Uint8Array()));
  const js = joined([...initial]);
  const lazy = Object.keys(outputs)
    .filter((path) => !initial.has(path) && path.endsWith(".js"))
    .map((path) => {
      const content = joined([path]);
      return { chunk: outputs[path].entryPoint ?? path, minified: content.length, gzip: gzipSize(content) };
    });
  return { js, lazy };
}

export async function measure() {
  const { js, lazy } = await bundleJs();

  const outDir = mkdtempSync(join(tmpdir(), "cc-ui-size-"));
  try {
    const cssFile = join(outDir, "styles.css");
    execFileSync(
      join(packageDir, "node_modules/.bin/tailwindcss"),
      ["-i", "src/styles.css", "-o", cssFile, "--minify"],
      { cwd: packageDir, stdio: "ignore" },
    );
    const css = readFileSync(cssFile);
    return {
      js: { minified: js.length, gzip: gzipSize(js), budget: BUDGETS.js },
      css: { minified: css.length, gzip: gzipSize(css), budget: BUDGETS.css },
      lazy,
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const kB = (bytes) => `${(bytes / 1024).toFixed(2)} kB`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sizes = await measure();
  let ok = true;
  const { lazy, ...budgeted } = sizes;
  for (const [name, size] of Object.entries(budgeted)) {
    const within = size.gzip <= size.budget;
    ok &&= within;
    console.log(
      `${within ? "ok  " : "FAIL"} ${name.padEnd(3)} ${kB(size.gzip)} gzip (${kB(size.minified)} min) — budget ${kB(size.budget)}`,
    );
  }
  for (const chunk of lazy)
    console.log(
      `lazy ${kB(chunk.gzip)} gzip (${kB(chunk.minified)} min) — ${chunk.chunk}, loaded on first use`,
    );
  if (!ok) {
    console.error("A size budget of @org/calendar-connections-ui is broken.");
    process.exit(1);
  }
}
