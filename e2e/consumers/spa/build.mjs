// The browser page the Hono, node:http and worker apps serve: the kit's page bundled by esbuild,
// with its stylesheet, into spa/dist (index.html beside assets/main.js and assets/main.css).
import { copyFileSync, mkdirSync } from "node:fs";
import { build } from "esbuild";

mkdirSync("spa/dist/assets", { recursive: true });
await build({
  entryPoints: ["spa/main.tsx"],
  bundle: true,
  minify: true,
  format: "esm",
  jsx: "automatic",
  outdir: "spa/dist/assets",
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});
copyFileSync("spa/index.html", "spa/dist/index.html");
