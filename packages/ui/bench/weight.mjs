// UI weight for `pnpm bench`: this package's JS and CSS beside Clerk's embeddable React UI, bundled by the same
// esbuild (the catalog's), minified and gzipped (level 9) in the same run. Reads the package, writes nothing in it.
// `node bench/weight.mjs` prints a table; `--json` prints the rows as JSON (the server's bench/run.ts merges them).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { BROWSER_BUNDLE, measure } from "../scripts/size.mjs";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REACT = ["react", "react-dom", "react/jsx-runtime", "react-dom/client"];

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

async function bundle(contents, external) {
  const result = await build({
    ...BROWSER_BUNDLE,
    stdin: { contents, resolveDir: packageDir, loader: "tsx", sourcefile: "entry.tsx" },
    external,
  });
  const js = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: js.length, gzip: gzip(js) };
}

export async function measureWeights() {
  const rows = [];
  const add = (item, kind, note, size) => rows.push({ item, kind, note, ...size });
  add(
    "@org/calendar-connections-ui (whole index)",
    "js",
    "React external; Radix, TanStack Query, core and zod/mini bundled",
    await bundle('export * from "./src/index.ts";', REACT),
  );
  // The package's own size script: React, Radix and TanStack Query external, and the Tailwind styles.css.
  const own = await measure();
  add(
    "@org/calendar-connections-ui (whole index)",
    "js",
    "React, Radix and TanStack Query external (scripts/size.mjs)",
    own.js,
  );
  add("@org/calendar-connections-ui styles.css", "css", "Tailwind, minified (scripts/size.mjs)", own.css);
  add(
    "@clerk/clerk-react (ClerkProvider, SignIn, UserProfile, OrganizationProfile)",
    "js",
    "React external; the UI itself comes from clerk-js at run time",
    await bundle(
      'export { ClerkProvider, SignIn, UserProfile, OrganizationProfile } from "@clerk/clerk-react";',
      REACT,
    ),
  );
  add(
    "@clerk/clerk-js (the UI clerk-react loads)",
    "js",
    "bundled from its ESM entry; styles are CSS-in-JS inside",
    await bundle('export { Clerk } from "@clerk/clerk-js";', REACT),
  );
  // For scale only (not bundled here): the script clerk-react injects from a CDN, as published, before its
  // lazily loaded chunks.
  const browserScript = readFileSync(join(packageDir, "node_modules/@clerk/clerk-js/dist/clerk.browser.js"));
  add(
    "@clerk/clerk-js dist/clerk.browser.js (as published)",
    "js",
    "the CDN script's first file, lazily loaded chunks not counted; not bundled by esbuild",
    { minified: browserScript.length, gzip: gzip(browserScript) },
  );
  return rows.map(({ budget: _budget, ...row }) => row);
}

const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = await measureWeights();
  if (process.argv.includes("--json")) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
  } else {
    for (const row of rows) {
      console.log(
        `${kB(row.gzip).padStart(9)} gzip ${kB(row.minified).padStart(9)} min  ${row.item} — ${row.note}`,
      );
    }
    const out = join(packageDir, "..", "..", ".reports");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "bench-ui.json"), `${JSON.stringify(rows, null, 2)}\n`);
  }
}
