// Measures what a host ships for the kit beyond react, react-dom, Radix and TanStack Query (this package, the
// core contract and zod, minified and gzipped) and the precompiled styles.css (gzipped), and fails when either
// breaks its budget. `node scripts/size.mjs` prints both; the unit tests import `measure()`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// 25 kB held while the page knew four providers by name: 24.60 kB gzip at e755544. Rendering any
// provider's connect form, the icon registry, the composable sections and "Retry failed events" brought
// it to 26.33 kB (`pnpm size`, after moving core's request schemas and error titles out of the UI's
// way). Of that, the 49 `import` statements esbuild keeps for the external peers, one per module,
// weigh 0.62 kB gzip (measured by stripping them from this bundle); a host's own bundle merges them.
export const BUDGETS = { js: 27 * 1024, css: 8 * 1024 };

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

export async function measure() {
  const result = await build({
    ...BROWSER_BUNDLE,
    entryPoints: [join(packageDir, "src/index.ts")],
    external: EXTERNAL,
  });
  const js = result.outputFiles[0]?.contents ?? new Uint8Array();

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
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const kB = (bytes) => `${(bytes / 1024).toFixed(2)} kB`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sizes = await measure();
  let ok = true;
  for (const [name, size] of Object.entries(sizes)) {
    const within = size.gzip <= size.budget;
    ok &&= within;
    console.log(
      `${within ? "ok  " : "FAIL"} ${name.padEnd(3)} ${kB(size.gzip)} gzip (${kB(size.minified)} min) — budget ${kB(size.budget)}`,
    );
  }
  if (!ok) {
    console.error("A size budget of @org/calendar-connections-ui is broken.");
    process.exit(1);
  }
}
